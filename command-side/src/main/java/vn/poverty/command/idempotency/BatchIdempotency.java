package vn.poverty.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import vn.poverty.command.shared.RequestMetadataInterceptor;

/**
 * For a request that sends many commands in one transaction (a bulk import): its commands must not each record their
 * own response against the request's {@code Idempotency-Key}; the request's whole response is recorded once, inside
 * that transaction, so that a retry after a crash replays it instead of importing twice.
 */
@Component
public class BatchIdempotency {

    /** The claim on the request's key, taken away from the commands it will send; record the response with it. */
    public record Claim(String owner) {}

    private final IdempotencyStore store;
    private final ObjectMapper json;

    BatchIdempotency(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Takes the key's claim off the request (empty without an {@code Idempotency-Key}). */
    public Optional<Claim> detach(HttpServletRequest request) {
        Object owner = request.getAttribute(RequestMetadataInterceptor.IDEMPOTENCY_OWNER);
        request.removeAttribute(RequestMetadataInterceptor.IDEMPOTENCY_OWNER);
        return Optional.ofNullable(owner).map(o -> new Claim(o.toString()));
    }

    /** Records the response inside the caller's transaction; throws (rolling it back) when the claim was lost. */
    public void record(Claim claim, int status, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the response", e);
        }
        if (!store.complete(claim.owner(), status, MediaType.APPLICATION_JSON_VALUE, text, null)) {
            throw new IllegalStateException("The claim on the request's idempotency key was lost; rolling back");
        }
    }
}
