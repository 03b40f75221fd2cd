package vn.poverty.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses (406) a request that changes something when its {@code Accept} header rules out JSON, before its handler
 * runs. Spring would find out only when writing the response, after the command was stored: the client would see
 * a refusal of something that happened (found by BadInputFuzzIT).
 */
final class AcceptJsonInterceptor implements HandlerInterceptor {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final MediaType ANY_JSON = new MediaType("application", "*+json");

    private final ContentNegotiationManager negotiation = new ContentNegotiationManager();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (!(handler instanceof HandlerMethod) || SAFE.contains(request.getMethod())) {
            return true;
        }
        List<MediaType> accepted = negotiation.resolveMediaTypes(new ServletWebRequest(request));
        if (accepted.stream()
                .noneMatch(m -> m.isCompatibleWith(MediaType.APPLICATION_JSON) || m.isCompatibleWith(ANY_JSON))) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
        }
        return true;
    }
}
