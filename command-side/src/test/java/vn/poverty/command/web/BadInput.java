package vn.poverty.command.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import vn.poverty.testsupport.RawHttp;

/**
 * Generators of bad input for the fuzz tests: hostile JSON values (as raw JSON text, so that numbers too big for any
 * Java type, lone surrogates and deep nesting can be written), mutations of a valid body, non-JSON bodies, content
 * types, idempotency keys, path segments and query strings.
 */
final class BadInput {

    private BadInput() {}

    // --- JSON values ---------------------------------------------------------------------------------------------

    private static final List<String> NUMBERS = List.of(
            "0",
            "-1",
            "-0",
            "1.5",
            "0.0000001",
            "1E2",
            "1e400",
            "-1e400",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999999999999",
            "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000");

    private static final List<String> STRINGS = List.of(
            "",
            " ",
            "\t\n",
            "\u0000",
            "2024-02-30",
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "0000-01-01",
            "-0001-01-01",
            "+999999999-12-31",
            "-999999999-01-01",
            "+1000000000-01-01",
            "2023-1-1",
            "31/12/2023",
            "2023-12-31T00:00:00Z",
            "2023-12-31 ",
            "NaN",
            "Infinity",
            "-1",
            "1e400",
            "null",
            "true",
            "POOR",
            "ANNUAL",
            "annual",
            "RURAL",
            "rural",
            "HEALTH_INSURANCE",
            "HEALTH_INSURANCE_FULL",
            "POOR_HOUSEHOLD",
            "DECREE_07_2021",
            "C01",
            "087123456789",
            "00000000-0000-0000-0000-000000000000",
            "' OR 1=1 --",
            "'; DROP TABLE domain_event_entry; --",
            "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/x}",
            "#{1+1}",
            "%00",
            "../../etc/passwd",
            "Nguyễn Văn An 👨‍👩‍👧‍👦",
            "\u202Eevil\u202C",
            "\u200B\u200B\u200B",
            "\uFEFF",
            "\uD800",
            "\uDFFF\uD800",
            "\uFFFF");

    /** A JSON string literal of {@code text}; every non-ASCII character escaped (lone surrogates included). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static Arbitrary<String> jsonString() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(STRINGS).map(BadInput::quote)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40).map(BadInput::quote)),
                Tuple.of(
                        1,
                        Arbitraries.of("a", "é", "💩", "\u0000", "9")
                                .flatMap(unit -> Arbitraries.integers()
                                        .between(1_000, 9_000)
                                        .map(n -> quote(unit.repeat(n / unit.length()))))));
    }

    static Arbitrary<String> jsonNumber() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(NUMBERS)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.integers().between(-100, 3000).map(String::valueOf)));
    }

    /** Nesting {@code depth} levels deep: arrays, objects or both. */
    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(50, 3_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> {
                    String close = open.equals("[") ? "]" : "}";
                    return open.repeat(depth) + "1" + close.repeat(depth);
                });
    }

    static Arbitrary<String> jsonValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, jsonString()),
                Tuple.of(3, jsonNumber()),
                Tuple.of(2, Arbitraries.of("null", "true", "false")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "[]",
                                "{}",
                                "[null]",
                                "[1,\"a\",{}]",
                                "[\"HEALTH_INSURANCE\",\"HEALTH_INSURANCE\"]",
                                "[\"NO_SUCH_DEPRIVATION\"]",
                                "[\"\"]",
                                "{\"a\":1}",
                                "{\"fullName\":null}",
                                "[[[]]]")),
                Tuple.of(1, deepNesting()));
    }

    /** A whole body: any JSON value, mostly not an object, or an object of random fields. */
    static Arbitrary<String> randomJsonBody() {
        Arbitrary<String> object = Combinators.combine(
                        Arbitraries.strings().all().ofMaxLength(12).map(BadInput::quote), jsonValue())
                .as((k, v) -> k + ":" + v)
                .list()
                .ofMaxSize(6)
                .map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.frequencyOf(Tuple.of(1, jsonValue()), Tuple.of(2, object));
    }

    // --- mutations of a valid body --------------------------------------------------------------------------------

    /** One change to a valid body: set a (possibly nested) field to a value, drop it, or add a field. */
    sealed interface Mutation {
        Map<String, Object> applyTo(Map<String, Object> body);
    }

    record SetField(int fieldIndex, String rawJson) implements Mutation {
        public Map<String, Object> applyTo(Map<String, Object> body) {
            List<String> paths = leafPaths(body, "");
            if (paths.isEmpty()) {
                return body;
            }
            return withLeaf(body, paths.get(Math.floorMod(fieldIndex, paths.size())), new Raw(rawJson));
        }
    }

    record DropField(int fieldIndex) implements Mutation {
        public Map<String, Object> applyTo(Map<String, Object> body) {
            List<String> paths = leafPaths(body, "");
            if (paths.isEmpty()) {
                return body;
            }
            return withLeaf(body, paths.get(Math.floorMod(fieldIndex, paths.size())), null);
        }
    }

    record AddField(String name, String rawJson) implements Mutation {
        public Map<String, Object> applyTo(Map<String, Object> body) {
            Map<String, Object> copy = new LinkedHashMap<>(body);
            copy.put(name, new Raw(rawJson));
            return copy;
        }
    }

    /** A value already written as JSON text. */
    record Raw(String json) {}

    static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 20);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(index, jsonValue()).as(SetField::new)),
                Tuple.of(2, index.map(DropField::new)),
                Tuple.of(
                        1,
                        Combinators.combine(
                                        Arbitraries.frequencyOf(
                                                Tuple.of(
                                                        1,
                                                        Arbitraries.strings()
                                                                .all()
                                                                .ofMaxLength(20)),
                                                Tuple.of(
                                                        3,
                                                        Arbitraries.of(
                                                                "id",
                                                                "householdId",
                                                                "status",
                                                                "@class",
                                                                "__proto__",
                                                                "code",
                                                                "amount",
                                                                ""))),
                                        jsonValue())
                                .as(AddField::new)));
    }

    /** A valid body with 1 to 4 mutations applied, as JSON text (duplicate keys possible). */
    static Arbitrary<String> mutated(Map<String, Object> template) {
        return mutation().list().ofMinSize(1).ofMaxSize(4).map(mutations -> {
            Map<String, Object> body = template;
            for (Mutation m : mutations) {
                body = m.applyTo(body);
            }
            return write(body);
        });
    }

    private static List<String> leafPaths(Map<String, Object> body, String prefix) {
        List<String> paths = new ArrayList<>();
        body.forEach((k, v) -> {
            paths.add(prefix + k);
            if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) nested;
                paths.addAll(leafPaths(map, prefix + k + "."));
            }
        });
        return paths;
    }

    /** {@code body} with the field at {@code path} set to {@code value}, or removed when value is null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withLeaf(Map<String, Object> body, String path, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (value == null) {
                copy.remove(path);
            } else {
                copy.put(path, value);
            }
        } else {
            String head = path.substring(0, dot);
            copy.put(head, withLeaf((Map<String, Object>) copy.get(head), path.substring(dot + 1), value));
        }
        return copy;
    }

    /** JSON text of a body template: strings, numbers, booleans, lists of strings, nested maps and {@link Raw}. */
    static String write(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Raw raw) {
            return raw.json();
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(write(item)));
            return "[" + String.join(",", items) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> fields = new ArrayList<>();
            map.forEach((k, v) -> fields.add(quote(k.toString()) + ":" + write(v)));
            return "{" + String.join(",", fields) + "}";
        }
        throw new IllegalArgumentException("Cannot write " + value.getClass());
    }

    // --- non-JSON bodies, headers -----------------------------------------------------------------------------------

    static Arbitrary<byte[]> nonJsonBody(String validJson) {
        byte[] valid = validJson.getBytes(StandardCharsets.UTF_8);
        return Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.of(
                                        "",
                                        " ",
                                        "null",
                                        "{",
                                        "}",
                                        "[",
                                        "{\"a\":}",
                                        "{'code':'C01'}",
                                        "{code: \"C01\"}",
                                        "{\"a\":1,}",
                                        "/* comment */ {}",
                                        "<xml><code>C01</code></xml>",
                                        "code=C01&name=x",
                                        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--",
                                        "\u0000\u0000\u0000",
                                        "NaN",
                                        "\"just a string\"",
                                        "{\"a\":NaN}",
                                        "{\"a\":0x10}",
                                        "{\"a\":01}",
                                        "{\"a\":.5}",
                                        "{\"a\":\"\\x41\"}",
                                        "{\"a\":\"\\ud800\"}")
                                .map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(
                        1, Arbitraries.integers().between(0, valid.length).map(n -> java.util.Arrays.copyOf(valid, n))),
                Tuple.of(1, Arbitraries.of("}", "]", "garbage", "{}", ",").map(tail -> concat(valid, tail))),
                Tuple.of(1, Arbitraries.just(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, validJson))),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                new byte[] {(byte) 0xC3, (byte) 0x28},
                                new byte[] {(byte) 0xFF, (byte) 0xFE, 0x7B, 0x00, 0x7D, 0x00},
                                new byte[] {0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, (byte) 0xE2, (byte) 0x82, 0x22, 0x7D
                                })));
    }

    private static byte[] concat(byte[] head, String tail) {
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + t.length);
        System.arraycopy(t, 0, all, head.length, t.length);
        return all;
    }

    /** A Content-Type value, or null for none. */
    static Arbitrary<String> contentType() {
        return Arbitraries.of(
                null,
                "text/plain",
                "text/html; charset=utf-8",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "multipart/form-data; boundary=x",
                "application/octet-stream",
                "application/json; charset=utf-16",
                "application/json; charset=ISO-8859-1",
                "application/json; charset=no-such-charset",
                "application/json; charset=\"",
                "application/json;;;",
                "application/json; q=abc",
                "application/*",
                "*/*",
                "json",
                "application/",
                "/json",
                ";",
                "",
                "application/json, text/plain",
                "application/problem+json",
                "application/merge-patch+json",
                "application/vnd.poverty+json",
                "APPLICATION/JSON",
                "\u0001application/json",
                "application/json\u0007",
                "ứng dụng/json");
    }

    /** An Accept value, or null for none. */
    static Arbitrary<String> accept() {
        return Arbitraries.of(
                null,
                "application/json",
                "application/problem+json",
                "*/*",
                "text/html",
                "application/xml",
                "text/plain;q=0",
                "image/png",
                "a/b/c",
                "application/json;q=abc",
                "",
                ";;",
                "text/event-stream");
    }

    /** An Idempotency-Key value (null: no header): fine ones, empty, too long, control characters, unicode. */
    static Arbitrary<String> idempotencyKey() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(null)),
                Tuple.of(2, Arbitraries.create(() -> UUID.randomUUID().toString())),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "",
                                " ",
                                "\t",
                                "k".repeat(200),
                                "k".repeat(201),
                                "k".repeat(300),
                                "é".repeat(150),
                                "key\u0000zero",
                                "key\u0001\u0002",
                                "key\u007f",
                                "key\u001b[31m",
                                "🔑",
                                "%00",
                                "' OR 1=1 --",
                                "a,b",
                                "\"quoted\"")),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .all()
                                .ofMaxLength(40)
                                .map(s -> s.replace("\r", "").replace("\n", ""))));
    }

    /** A path segment that names nothing: not a UUID, encoded NUL and dots, traversal, very long. */
    static Arbitrary<String> badSegment() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.create(() -> UUID.randomUUID().toString())),
                Tuple.of(
                        5,
                        Arbitraries.of(
                                "not-a-uuid",
                                "0",
                                "-1",
                                "%00",
                                "%00abc",
                                "..",
                                "%2e%2e",
                                ".",
                                "%2F",
                                "%252F",
                                "%5C",
                                "%20",
                                "%",
                                "%zz",
                                "%C3%28",
                                "%E1%BB%87",
                                "a;b=c",
                                "~",
                                "00000000-0000-0000-0000-000000000000",
                                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                                "00000000000000000000000000000000",
                                "{id}",
                                "null",
                                "C01%00",
                                "c01",
                                "x".repeat(3_000))),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("-._~")
                                .ofMinLength(1)
                                .ofMaxLength(60)));
    }

    /** A query string to append ("" for none, else starting with '?'). */
    static Arbitrary<String> queryString() {
        Arbitrary<String> name = Arbitraries.of(
                "asOf", "knownAt", "page", "size", "status", "communeCode", "x", "", "%00", "a%zz", "asOf[]");
        Arbitrary<String> value = Arbitraries.of(
                "",
                "2024-02-30",
                "2023-12-31",
                "-1",
                "99999999999999999999",
                "%00",
                "%",
                "%zz",
                "%C3%28",
                "..%2F..",
                "a%20b",
                "x".repeat(5_000),
                "2023-12-31T00:00:00Z",
                "%2B999999999-12-31");
        Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("")),
                Tuple.of(3, pair.list().ofMinSize(1).ofMaxSize(4).map(pairs -> "?" + String.join("&", pairs))),
                Tuple.of(1, Arbitraries.of("?", "?&&&", "?=", "?a", "?%", "?asOf")));
    }

    /** Something other than a valid admin login: none, garbage, a wrong password, a foreign commune's officer. */
    static Arbitrary<String> otherAuthorization() {
        return Arbitraries.of(
                null,
                "",
                "Basic",
                "Basic !!!",
                "Basic " + java.util.Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8)),
                "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8)),
                "Basic "
                        + java.util.Base64.getEncoder().encodeToString("ädmin:sécret".getBytes(StandardCharsets.UTF_8)),
                "Bearer",
                "Bearer abc.def.ghi",
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
                "Digest username=admin",
                vn.poverty.testsupport.TestUsers.basic("officer-c02"),
                vn.poverty.testsupport.TestUsers.basic("nobody"),
                vn.poverty.testsupport.TestUsers.basic("auditor"));
    }

    /** A few headers of no meaning to the app (names and values of any sort). */
    static Arbitrary<List<RawHttp.Header>> junkHeaders() {
        Arbitrary<RawHttp.Header> header = Combinators.combine(
                        Arbitraries.of(
                                "X-Forwarded-For",
                                "X-Forwarded-Host",
                                "X-Forwarded-Proto",
                                "Forwarded",
                                "X-Http-Method-Override",
                                "Origin",
                                "Accept-Language",
                                "Accept-Charset",
                                "Content-Encoding",
                                "Expect",
                                "Range",
                                "If-Match",
                                "Cookie",
                                "X-Request-Id",
                                "X-Junk"),
                        Arbitraries.of(
                                "",
                                "gzip",
                                "100-continue",
                                "bytes=0-1",
                                "PUT",
                                "DELETE",
                                "http://evil.example",
                                "1.2.3.4, 999.999.999.999",
                                "for=\"[::1]\";proto=gopher",
                                "JSESSIONID=abc; SESSION=x",
                                "vi-VN,vi;q=0.9,*;q=abc",
                                "\u0001\u0002",
                                "x".repeat(4_000)))
                .as(RawHttp.Header::new);
        return header.list().ofMaxSize(3);
    }
}
