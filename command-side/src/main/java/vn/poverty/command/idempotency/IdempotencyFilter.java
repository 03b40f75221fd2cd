package vn.poverty.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import vn.poverty.command.shared.RequestMetadataInterceptor;
import vn.poverty.platform.web.CachedBodyRequest;
import vn.poverty.platform.web.Problems;

/**
 * Makes every POST with an {@code Idempotency-Key} header take effect once: the first request claims the key; a
 * retry with the same key and body gets the first response again; the same key with another body gets 409.
 * The response of a successful command is recorded in the command's own transaction
 * ({@link IdempotencyRecordingInterceptor}), so even a crash between commit and reply cannot apply it twice.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 200;
    private static final long WAIT_FOR_FIRST_MILLIS = 10_000;
    /** How long a claim without an answer holds its key before a retry may take it over (its node died). */
    static final long LEASE_MILLIS = 30_000;

    private final IdempotencyStore store;
    private final ObjectMapper json;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    IdempotencyFilter(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            writeProblem(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "The Idempotency-Key header must have 1 to " + MAX_KEY_LENGTH + " characters");
            return;
        }
        // keys belong to their user: another user's request with the same key is a request of its own
        Principal principal = request.getUserPrincipal();
        String user = principal == null ? "" : principal.getName();
        key = user.length() + ":" + user + ":" + key;
        byte[] body = request.getInputStream().readAllBytes();
        try {
            claimAndRun(request, response, chain, key, body);
        } catch (DataAccessException | TransactionException e) {
            // the database is away (a restart, a fail-over): nothing was done under this key; the client may retry
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            writeProblem(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The database cannot be reached; retry later with the same Idempotency-Key");
        }
    }

    private void claimAndRun(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, String key, byte[] body)
            throws ServletException, IOException {
        String hash = hash(request, body);
        String owner = UUID.randomUUID().toString();
        long deadline = System.currentTimeMillis() + WAIT_FOR_FIRST_MILLIS;
        while (true) {
            // a new key, a key released by a failed first request, or a claim whose node died: ours to run
            if (store.claim(key, hash, owner, LEASE_MILLIS)) {
                firstRequest(new CachedBodyRequest(request, body), response, chain, key, owner);
                return;
            }
            Optional<IdempotencyStore.Entry> entry = store.find(key);
            if (entry.isEmpty()) {
                continue;
            }
            if (!entry.get().requestHash().equals(hash)) {
                writeProblem(
                        response,
                        HttpStatus.CONFLICT,
                        "This Idempotency-Key was already used with a different request");
                return;
            }
            if (IdempotencyStore.DONE.equals(entry.get().state())) {
                replay(response, entry.get());
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                writeProblem(
                        response,
                        HttpStatus.CONFLICT,
                        "A request with this Idempotency-Key is still being processed; retry later");
                return;
            }
            sleep();
        }
    }

    private void firstRequest(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, String key, String owner)
            throws IOException, ServletException {
        request.setAttribute(
                RequestMetadataInterceptor.IDEMPOTENCY_KEY,
                request.getHeader(HEADER).strip());
        request.setAttribute(RequestMetadataInterceptor.IDEMPOTENCY_OWNER, owner);
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(request, wrapper);
            if (wrapper.getStatus() < 500) {
                try {
                    store.complete(
                            owner,
                            wrapper.getStatus(),
                            wrapper.getContentType(),
                            new String(wrapper.getContentAsByteArray(), StandardCharsets.UTF_8),
                            wrapper.getHeader("Location"));
                    completed = true;
                } catch (DataAccessException | TransactionException e) {
                    // the database went away after the command: the client still gets the command's own answer
                    log.warn(
                            "Could not record the response of Idempotency-Key claim {} ({}); answering it unrecorded",
                            owner,
                            e.getMessage());
                }
            }
        } finally {
            if (!completed) {
                try {
                    store.release(key, owner);
                } catch (DataAccessException | TransactionException e) {
                    // the claim's lease runs out instead: a retry after it may run the command
                    log.warn("Could not release Idempotency-Key claim {} (the lease will expire)", owner, e);
                }
            }
            wrapper.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.Entry entry) throws IOException {
        response.setStatus(entry.status());
        if (entry.contentType() != null) {
            response.setContentType(entry.contentType());
        }
        if (entry.location() != null) {
            response.setHeader("Location", entry.location());
        }
        response.setHeader("Idempotent-Replayed", "true");
        if (entry.body() != null) {
            response.getOutputStream().write(entry.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void writeProblem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        var problem = Problems.of(status, detail).getBody();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(
                    (request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
