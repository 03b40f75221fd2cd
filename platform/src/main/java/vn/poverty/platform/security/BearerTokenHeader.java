package vn.poverty.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the bearer token of the {@code Authorization} header exactly as Spring Security's default resolver does with
 * its configuration here (no token in query or form parameters): a header starting with "bearer" in any case must be
 * {@code Bearer <token68>} (RFC 6750: letters, digits, {@code -._~+/}, then {@code =} padding), else the request is
 * refused as a malformed token; any other header is not a bearer token. Without the default's regular expression, which
 * ran over every token of every request (several hundred characters) and cost more CPU than verifying its signature.
 */
final class BearerTokenHeader implements BearerTokenResolver {

    private static final String PREFIX = "Bearer ";

    @Override
    public String resolve(HttpServletRequest request) {
        return token(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /** The token of an {@code Authorization} header value; null when it is not a bearer token. */
    static String token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "bearer", 0, 6)) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw malformed();
        }
        int end = authorization.length();
        int i = PREFIX.length();
        while (i < end && tokenCharacter(authorization.charAt(i))) {
            i++;
        }
        if (i == PREFIX.length()) {
            throw malformed();
        }
        while (i < end && authorization.charAt(i) == '=') {
            i++;
        }
        if (i != end) {
            throw malformed();
        }
        return authorization.substring(PREFIX.length());
    }

    private static boolean tokenCharacter(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '+'
                || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
