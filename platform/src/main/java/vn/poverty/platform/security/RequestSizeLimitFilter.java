package vn.poverty.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.poverty.platform.web.CachedBodyRequest;

/**
 * Refuses request bodies over the limit (64 KiB; bulk imports under {@code bulkPathPrefix} have a larger one) with 413
 * before anything reads them.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long defaultMaxBytes;
    private final String bulkPathPrefix;
    private final long bulkMaxBytes;
    private final ObjectMapper json;

    RequestSizeLimitFilter(long maxBytes, String bulkPathPrefix, long bulkMaxBytes, ObjectMapper json) {
        this.defaultMaxBytes = maxBytes;
        this.bulkPathPrefix = bulkPathPrefix;
        this.bulkMaxBytes = bulkMaxBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = request.getRequestURI().startsWith(bulkPathPrefix) ? bulkMaxBytes : defaultMaxBytes;
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes) {
            ProblemResponses.write(json, response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(maxBytes));
            return;
        }
        if (chunked) {
            byte[] body = request.getInputStream().readNBytes((int) maxBytes + 1);
            if (body.length > maxBytes) {
                ProblemResponses.write(json, response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge(maxBytes));
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String tooLarge(long maxBytes) {
        return "The request body is larger than " + maxBytes / 1024 + " KiB";
    }
}
