package dev.replenish.sources.transactions;

import dev.replenish.sources.SourceError;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How the time column is spelled, as DuckDB SQL that turns the text {@code t} into a TIMESTAMP
 * (NULL when a value does not parse), and what the format can tell: whether it has an hour of
 * the day, and whether it is a calendar date at all (a day number is not: it gives the days
 * between orders but no weekday).
 *
 * @param name     the name users write after --time-format and read in messages
 * @param sql      the expression, with {@code {t}} for the trimmed text
 * @param hasHour  the format carries a clock time
 * @param calendar the format is a calendar date (a weekday can be computed)
 * @param shape    what a value looks like, for guessing; null for formats never guessed
 */
public record TimeFormat(String name, String sql, boolean hasHour, boolean calendar, Pattern shape) {

    static final TimeFormat ISO = new TimeFormat("iso", "TRY_CAST({t} AS TIMESTAMP)", true, true,
            Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}[T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?"));
    static final TimeFormat ISO_DATE = new TimeFormat("iso-date", "CAST(TRY_CAST({t} AS DATE) AS TIMESTAMP)", false, true,
            Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}"));
    static final TimeFormat US_DATE_TIME = new TimeFormat("M/d/yyyy H:mm",
            "COALESCE(TRY_STRPTIME({t}, '%m/%d/%Y %H:%M'), TRY_STRPTIME({t}, '%m/%d/%Y %H:%M:%S'))", true, true,
            Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}(:\\d{2})?"));
    static final TimeFormat US_DATE = new TimeFormat("M/d/yyyy", "TRY_STRPTIME({t}, '%m/%d/%Y')", false, true,
            Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4}"));
    static final TimeFormat EU_DATE_TIME = new TimeFormat("d/M/yyyy H:mm",
            "COALESCE(TRY_STRPTIME({t}, '%d/%m/%Y %H:%M'), TRY_STRPTIME({t}, '%d/%m/%Y %H:%M:%S'))", true, true,
            Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}(:\\d{2})?"));
    static final TimeFormat EU_DATE = new TimeFormat("d/M/yyyy", "TRY_STRPTIME({t}, '%d/%m/%Y')", false, true,
            Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4}"));
    static final TimeFormat EPOCH_SECONDS = new TimeFormat("epoch-seconds",
            "epoch_ms(CAST(TRY_CAST({t} AS DOUBLE) * 1000 AS BIGINT))", true, true, null);
    static final TimeFormat EPOCH_MILLIS = new TimeFormat("epoch-millis",
            "epoch_ms(CAST(TRY_CAST({t} AS DOUBLE) AS BIGINT))", true, true, null);
    /** Excel's serial day number: days since 1899-12-30, the fraction being the time of day. */
    static final TimeFormat EXCEL = new TimeFormat("excel",
            "TIMESTAMP '1899-12-30' + to_microseconds(CAST(TRY_CAST({t} AS DOUBLE) * 86400000000 AS BIGINT))", true, true, null);
    /** A day count with no calendar behind it (Dunnhumby's DAY): placed on an arbitrary epoch, weekday unknown. */
    static final TimeFormat DAY_NUMBER = new TimeFormat("day-number",
            "TIMESTAMP '2000-01-01' + to_days(TRY_CAST({t} AS INTEGER))", false, false, null);

    /** The formats tried, in this order, when --time-format is not given ("M/d" before "d/M", as the US exports write it). */
    static final List<TimeFormat> GUESSED = List.of(ISO, ISO_DATE, US_DATE_TIME, US_DATE, EU_DATE_TIME, EU_DATE);
    static final List<TimeFormat> NAMED = List.of(ISO, ISO_DATE, US_DATE_TIME, US_DATE, EU_DATE_TIME, EU_DATE,
            EPOCH_SECONDS, EPOCH_MILLIS, EXCEL, DAY_NUMBER);

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** Epoch seconds from 1973 on; below that a number is a day count or an Excel date. */
    private static final double EPOCH_SECONDS_FROM = 1e8;
    /** Epoch milliseconds from 1973 on. */
    private static final double EPOCH_MILLIS_FROM = 1e11;
    /** Excel serial days of 1954 .. 2119: any other small number is not an Excel date. */
    private static final double EXCEL_FROM = 20_000;
    private static final double EXCEL_TO = 80_000;

    /** The SQL for this column's text. */
    String sqlOf(String text) {
        return sql.replace("{t}", text);
    }

    /** A format named by --time-format: one of {@link #NAMED}, or a DuckDB strptime pattern such as {@code %d.%m.%Y %H:%M}. */
    public static TimeFormat named(String name) {
        for (TimeFormat format : NAMED) {
            if (format.name.equalsIgnoreCase(name)) {
                return format;
            }
        }
        if (name.contains("%")) {
            String pattern = name.replace("'", "''");
            boolean hasHour = name.contains("%H") || name.contains("%I");
            return new TimeFormat(name, "TRY_STRPTIME({t}, '" + pattern + "')", hasHour, true, null);
        }
        throw new SourceError("--time-format " + name + " is not known; formats: "
                + String.join(", ", NAMED.stream().map(TimeFormat::name).toList())
                + ", or a strptime pattern such as %d.%m.%Y %H:%M");
    }

    /**
     * The format most of the sampled values have; null when none fits any value. Numbers are epoch
     * seconds, epoch milliseconds or Excel dates by their size; a day number must be named.
     */
    static TimeFormat guess(List<String> sample) {
        TimeFormat best = null;
        long bestCount = 0;
        for (TimeFormat format : GUESSED) {
            long count = sample.stream().filter(value -> format.shape.matcher(value).matches()).count();
            if (format == US_DATE_TIME || format == US_DATE) {
                // A first field over 12 is a day: the export writes d/M.
                boolean dayFirst = sample.stream().filter(value -> format.shape.matcher(value).matches())
                        .anyMatch(value -> Integer.parseInt(value.substring(0, value.indexOf('/'))) > 12);
                if (dayFirst) {
                    continue;
                }
            }
            if (count > bestCount) {
                best = format;
                bestCount = count;
            }
        }
        List<String> numbers = sample.stream().filter(value -> NUMBER.matcher(value).matches()).toList();
        if (numbers.size() > bestCount) {
            double smallest = numbers.stream().mapToDouble(Double::parseDouble).min().orElseThrow();
            if (smallest >= EPOCH_MILLIS_FROM) {
                return EPOCH_MILLIS;
            }
            if (smallest >= EPOCH_SECONDS_FROM) {
                return EPOCH_SECONDS;
            }
            if (smallest >= EXCEL_FROM && smallest < EXCEL_TO) {
                return EXCEL;
            }
            return null;
        }
        return best;
    }
}
