package vn.poverty.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The header is read exactly as Spring Security's default resolver reads it: same token, same refusals. */
class BearerTokenHeaderTest {

    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
    private final BearerTokenHeader ours = new BearerTokenHeader();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_~+/",
                "bearer abc==",
                "BEARER abc",
                "Bearer a=b",
                "Bearer ",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer abc\n",
                "Bearer ab c",
                "Bearer ắ",
                "Bearerabc",
                "Bearer",
                "bear abc",
                "Basic YWRtaW46c2VjcmV0",
                "",
                "Bearer =",
                "Bearer abc=="
            })
    void examples(String header) {
        assertSameAsSpring(header);
    }

    @Test
    void noHeaderIsNoToken() {
        assertThat(ours.resolve(new MockHttpServletRequest())).isNull();
        assertThat(spring.resolve(new MockHttpServletRequest())).isNull();
    }

    @Test
    void randomHeaders() {
        Random random = new Random(7);
        String alphabet = "aZ09-._~+/= \t\u00e9bearerBEARER";
        String[] prefixes = {"Bearer ", "bearer ", "Bearer", "Basic ", "", "BeArEr "};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertSameAsSpring(header.toString());
        }
    }

    private void assertSameAsSpring(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/households");
        request.addHeader("Authorization", header);
        String expected = null;
        Throwable expectedFailure = null;
        try {
            expected = spring.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            expectedFailure = e;
        }
        String actual = null;
        Throwable actualFailure = null;
        try {
            actual = ours.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            actualFailure = e;
        }
        assertThat(actual).as("[%s]", header).isEqualTo(expected);
        if (expectedFailure == null) {
            assertThat(actualFailure).as("[%s] refused", header).isNull();
        } else {
            assertThat(actualFailure).as("[%s] refused", header).isNotNull();
            assertThat(((OAuth2AuthenticationException) actualFailure)
                            .getError()
                            .getDescription())
                    .isEqualTo(((OAuth2AuthenticationException) expectedFailure)
                            .getError()
                            .getDescription());
            assertThat(((OAuth2AuthenticationException) actualFailure)
                            .getError()
                            .getErrorCode())
                    .isEqualTo(((OAuth2AuthenticationException) expectedFailure)
                            .getError()
                            .getErrorCode());
        }
    }
}
