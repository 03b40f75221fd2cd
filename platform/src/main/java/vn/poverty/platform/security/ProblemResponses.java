package vn.poverty.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import vn.poverty.platform.web.Problems;

/** 401 and 403 as {@code application/problem+json}, like every other error. */
final class ProblemResponses {

    private ProblemResponses() {}

    /**
     * 401 with the {@code WWW-Authenticate} challenges, except for script requests ({@code X-Requested-With:
     * XMLHttpRequest}, as the dashboard sends): a challenge would make the browser pop its own login dialog over the
     * page's login form.
     */
    static AuthenticationEntryPoint unauthorized(ObjectMapper json, boolean bearer) {
        return (request, response, exception) -> {
            if (!"XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"))) {
                response.addHeader("WWW-Authenticate", "Basic realm=\"poverty-reduction\"");
                if (bearer) {
                    response.addHeader("WWW-Authenticate", "Bearer");
                }
            }
            write(json, response, HttpStatus.UNAUTHORIZED, "Authentication is required: HTTP Basic or a bearer token");
        };
    }

    static AccessDeniedHandler forbidden(ObjectMapper json) {
        return (request, response, exception) ->
                write(json, response, HttpStatus.FORBIDDEN, "Your role does not allow this request");
    }

    static void write(ObjectMapper json, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.of(status, detail).getBody());
    }
}
