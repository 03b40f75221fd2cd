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

/** Refuses request bodies over the limit (64 KiB) with 413 before anything reads them. */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ObjectMapper json;

    RequestSizeLimitFilter(long maxBytes, ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes) {
            ProblemResponses.write(
                    json,
                    response,
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + maxBytes / 1024 + " KiB");
            return;
        }
        if (chunked) {
            byte[] body = request.getInputStream().readNBytes((int) maxBytes + 1);
            if (body.length > maxBytes) {
                ProblemResponses.write(
                        json,
                        response,
                        HttpStatus.PAYLOAD_TOO_LARGE,
                        "The request body is larger than " + maxBytes / 1024 + " KiB");
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }
}
