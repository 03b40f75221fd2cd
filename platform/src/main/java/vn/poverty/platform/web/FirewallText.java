package vn.poverty.platform.web;

/**
 * The security firewall's rules for header names, header values and parameter names, without regular expressions.
 *
 * <p>Spring Security's {@code StrictHttpFirewall} checks them with {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}
 * (header values also allow a tab), on every {@code getHeader} call: with a bearer token of several hundred characters
 * read a few times per request, the regular expression engine was a sixth of the command side's CPU under load. These
 * predicates accept exactly the same strings (every code point assigned in Unicode and not a control character),
 * deciding printable ASCII without a Unicode table look-up.
 */
final class FirewallText {

    private FirewallText() {}

    /** {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}: header and parameter names. */
    static boolean assignedAndNotControl(String text) {
        return check(text, false);
    }

    /** {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}: header values. */
    static boolean headerValue(String text) {
        return check(text, true);
    }

    private static boolean check(String text, boolean tab) {
        if (text == null) {
            return true; // an absent header is not checked by the firewall
        }
        int length = text.length();
        for (int i = 0; i < length; ) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                i++;
                continue;
            }
            if (c == '\t' && tab) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
