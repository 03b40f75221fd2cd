package vn.poverty.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class IdempotencyFilterTest {

    /**
     * The command took effect and answered 201, then the database went away before its answer was recorded: the
     * client still gets the 201 (found by DatabaseRestartIT once responses stopped being flushed before the end).
     */
    @Test
    void theCommandsAnswerIsSentWhenRecordingItFails() throws Exception {
        IdempotencyStore store = mock(IdempotencyStore.class);
        when(store.claim(eq("alice".length() + ":alice:key-1"), anyString(), anyString(), anyLong()))
                .thenReturn(true);
        when(store.complete(anyString(), anyInt(), anyString(), anyString(), anyString()))
                .thenThrow(new DataAccessResourceFailureException("terminating connection"));
        doThrow(new DataAccessResourceFailureException("connection refused"))
                .when(store)
                .release(anyString(), anyString());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/households");
        request.addHeader(IdempotencyFilter.HEADER, "key-1");
        request.setUserPrincipal(() -> "alice");
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();

        new IdempotencyFilter(store, new ObjectMapper()).doFilter(request, response, (req, res) -> {
            HttpServletResponse http = (HttpServletResponse) res;
            http.setStatus(201);
            http.setContentType("application/json");
            http.setHeader("Location", "http://query/api/households/h-1");
            http.getOutputStream().write("{\"householdId\":\"h-1\"}".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).isEqualTo("{\"householdId\":\"h-1\"}");
        assertThat(response.getHeader("Location")).isEqualTo("http://query/api/households/h-1");
    }
}
