package vn.poverty.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The link rule: {@code link = SHA-256(previous link, event)} over the event's global index, identity, aggregate,
 * sequence, type, time stamp, payload type and revision, payload and metadata, each length-prefixed so that no two
 * different events encode alike. Pure; shared by the writer, the API endpoint and the command-line verifier.
 */
public final class HashChain {

    /** The "previous link" of the first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final String VERSION = "poverty-event-chain-v1";

    private HashChain() {}

    public static String link(String previous, EventRow event) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(256 + length(event.payload()) + length(event.metaData()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            text(out, VERSION);
            text(out, previous);
            out.writeLong(event.globalIndex());
            text(out, event.eventIdentifier());
            text(out, event.aggregateIdentifier());
            out.writeLong(event.sequenceNumber());
            text(out, event.type());
            text(out, event.timeStamp());
            text(out, event.payloadType());
            text(out, event.payloadRevision());
            blob(out, event.payload());
            blob(out, event.metaData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
    }

    /** HMAC-SHA256 of a checkpoint (chain position and head link), hex; the key never leaves the operators. */
    public static String sign(String key, long position, String head) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((position + ":" + head).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        blob(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void blob(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
