package dev.replenish.lambdas.serving;

/** Reads ids from the URL path: positive 64-bit integers written as plain digits. */
final class ResourceIds {

    private static final int MAX_ECHO = 40;

    private ResourceIds() {
    }

    static long parse(String raw, String name) {
        if (raw == null || raw.isEmpty()) {
            throw ApiError.badRequest(name + " is required");
        }
        if (raw.length() <= 19 && raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                long value = Long.parseLong(raw);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException aboveLongMax) {
                // a 19-digit value past 9223372036854775807: refused below like any other
            }
        }
        throw ApiError.badRequest(name + " must be a positive 64-bit integer, got '" + echo(raw) + "'");
    }

    /** The offending value, cut short and stripped of control characters, for the error detail. */
    static String echo(String raw) {
        String cut = raw.length() > MAX_ECHO ? raw.substring(0, MAX_ECHO) + "…" : raw;
        StringBuilder clean = new StringBuilder();
        cut.codePoints().forEach(cp -> clean.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return clean.toString();
    }
}
