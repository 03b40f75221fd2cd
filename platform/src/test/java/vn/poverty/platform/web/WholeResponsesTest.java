package vn.poverty.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class WholeResponsesTest {

    @Test
    void flushesInsideTheRequestDoNotSendTheResponse() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean[] committedInside = new boolean[1];

        new WholeResponses().doFilter(new MockHttpServletRequest("POST", "/api/households"), response, (req, res) -> {
            HttpServletResponse http = (HttpServletResponse) res;
            http.setStatus(201);
            http.getOutputStream().write("{\"householdId\":".getBytes(StandardCharsets.UTF_8));
            http.getOutputStream().flush();
            http.getOutputStream().write("\"h-1\"}".getBytes(StandardCharsets.UTF_8), 0, 6);
            http.flushBuffer();
            committedInside[0] = res.isCommitted();
        });

        assertThat(committedInside[0]).isFalse();
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).isEqualTo("{\"householdId\":\"h-1\"}");
    }

    @Test
    void theSameBodyStreamEveryTime() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new WholeResponses().doFilter(new MockHttpServletRequest(), response, (req, res) -> {
            assertThat(res.getOutputStream()).isSameAs(res.getOutputStream());
            res.getOutputStream().write('x');
        });

        assertThat(response.getContentAsString()).isEqualTo("x");
    }
}
