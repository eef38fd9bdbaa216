package dev.replenish.core.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Reads RFC 4180 CSV one record at a time, keeping the physical line number where each record
 * starts so every reject can name its line.
 *
 * <p>Our own reader rather than a library's because ingestion must never stop on bad input, and a
 * bad record must cost the one line it is on. A record that breaks a rule (a quote inside an
 * unquoted field, text after a closing quote, a field over the limit, the wrong number of columns,
 * the file ending inside quotes) comes back as a broken {@link CsvRecord} naming its line and the
 * rule, and reading resumes on the next physical line. That holds for a quoted field that runs past
 * the end of its line too: it is read on as a multi-line field, and if the record it makes breaks a
 * rule, only the line where it began is broken and the lines it swallowed are read again as
 * records of their own. One stray quote thus costs one line, not every line up to the next quote,
 * while a legal multi-line field (a product name with a line break) is still one record.
 *
 * <p>A UTF-8 byte-order mark at the start is skipped; CRLF, LF and lone CR all end a line; quoted
 * fields may hold commas, doubled quotes and line breaks. Lines that are entirely empty are not
 * records. Every physical line is counted once: {@code physicalLines() = records returned +
 * blankLines() + continuationLines()}, and {@link #physicalLines()} counts the line ends of the input
 * itself, not the parser's view of them, so a caller can check that nothing was lost.
 */
public final class CsvRecordReader implements Closeable {

    /** How much of a broken record's text is kept for the rejects table. */
    static final int RAW_TEXT_LIMIT = 1_000;

    private static final int EOF = -1;

    private final Reader in;
    private final int maxFieldChars;
    private final int columns;
    private final IntPredicate mayHoldLineBreak;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean started;

    /** Text given back by a broken multi-line record (the lines after its first), read before the rest of the input. */
    private char[] replay = new char[0];
    private int replayPosition;

    /** The line the next character is on (1-based). */
    private long line = 1;
    private long blankLines;
    private long continuationLines;

    // Line ends as they stand in the input, counted as it is read from the Reader (never in replayed text).
    private long inputLineEnds;
    private int lastInputChar = EOF;

    private final StringBuilder field = new StringBuilder();
    private final StringBuilder rawText = new StringBuilder();
    /** Whether the current record has run past the end of the line it began on (inside a quoted field). */
    private boolean multiLine;
    private int multiLineField;
    private long lineEndsInQuotes;
    /** What the current record read after its first line, kept in case it must be given back. */
    private final StringBuilder spilled = new StringBuilder();

    /**
     * @param columns the number of fields a record must have; a record with another number is broken
     */
    public CsvRecordReader(Reader in, int maxFieldChars, int columns) {
        this(in, maxFieldChars, columns, field -> true);
    }

    /**
     * @param columns          the number of fields a record must have; a record with another number is broken
     * @param mayHoldLineBreak which fields (numbered from 1) may hold a line break: a quoted field
     *                         that runs past its line anywhere else breaks its record on the spot, so
     *                         a stray quote in an id costs one line without reading on to the field limit
     */
    public CsvRecordReader(Reader in, int maxFieldChars, int columns, IntPredicate mayHoldLineBreak) {
        this.in = in;
        this.maxFieldChars = maxFieldChars;
        this.columns = columns;
        this.mayHoldLineBreak = mayHoldLineBreak;
    }

    /** Lines that held nothing at all, skipped. */
    public long blankLines() {
        return blankLines;
    }

    /** Lines after the first of the well-formed records that span several lines (a quoted field holding a line break). */
    public long continuationLines() {
        return continuationLines;
    }

    /**
     * The physical lines of the input read so far: every line end (CRLF, LF or lone CR), plus a last
     * line without one. Counted on the input as it arrives, independently of how it was parsed.
     */
    public long physicalLines() {
        boolean unterminatedLastLine = lastInputChar != EOF && lastInputChar != '\n' && lastInputChar != '\r';
        return inputLineEnds + (unterminatedLastLine ? 1 : 0);
    }

    /** The next record, or null at the end of the input. */
    public CsvRecord next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        while (true) {
            int c = peek();
            if (c == EOF) {
                return null;
            }
            if (c == '\r' || c == '\n') {
                consumeLineEnd();
                blankLines++;
                continue;
            }
            return readRecord();
        }
    }

    private CsvRecord readRecord() throws IOException {
        long startLine = line;
        List<String> fields = new ArrayList<>();
        rawText.setLength(0);
        spilled.setLength(0);
        multiLine = false;
        lineEndsInQuotes = 0;
        while (true) {
            String problem = readField(fields.size() + 1);
            if (problem != null) {
                return broken(startLine, problem);
            }
            fields.add(field.toString());
            if (multiLine && fields.size() > columns) {
                // No need to read on: the record is broken, and its lines will be read again.
                return broken(startLine, "expected " + columns + " columns, found more");
            }
            int c = read();
            if (c == ',') {
                continue;
            }
            if (c == '\r' || c == '\n') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                line++;
            }
            // end of record: a line end or the end of the input
            if (fields.size() != columns) {
                return broken(startLine, "expected " + columns + " columns, found " + fields.size());
            }
            continuationLines += lineEndsInQuotes;
            multiLine = false;
            spilled.setLength(0);
            return new CsvRecord(startLine, fields, null, null);
        }
    }

    /**
     * A broken record costs the line it began on. If it stayed on that line, the rest of the line is
     * skipped; if a quoted field took it onto later lines, those lines are given back to be read again.
     */
    private CsvRecord broken(long startLine, String problem) throws IOException {
        if (multiLine) {
            String remaining = new String(replay, replayPosition, replay.length - replayPosition);
            replay = spilled.append(remaining).toString().toCharArray();
            replayPosition = 0;
            spilled.setLength(0);
            multiLine = false;
            line = startLine + 1;
            problem = "quote opened in field " + multiLineField + " runs past the line end into a broken record: " + problem;
        } else if (!atLineStart(startLine)) {
            skipRestOfLine();
        }
        return new CsvRecord(startLine, List.of(), problem, rawText.toString());
    }

    /** Whether the reader already stands at the start of the line after {@code startLine} (or at the end of the input). */
    private boolean atLineStart(long startLine) throws IOException {
        return line > startLine || peek() == EOF;
    }

    /** Reads one field into {@link #field}; leaves the delimiter or line end unread. */
    private String readField(int fieldNumber) throws IOException {
        field.setLength(0);
        if (peek() != '"') {
            while (true) {
                int c = peek();
                if (c == EOF || c == ',' || c == '\r' || c == '\n') {
                    return null;
                }
                if (c == '"') {
                    read();
                    return "quote inside an unquoted field (field " + fieldNumber + ")";
                }
                read();
                if (!append((char) c)) {
                    return tooLong(fieldNumber);
                }
            }
        }
        read(); // opening quote
        while (true) {
            int c = read();
            if (c == EOF) {
                return multiLine ? "the file ends inside the quotes" : "quote opened in field " + fieldNumber + " is never closed";
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    if (!append('"')) {
                        return tooLong(fieldNumber);
                    }
                    continue;
                }
                int after = peek();
                if (after == ',' || after == '\r' || after == '\n' || after == EOF) {
                    return null;
                }
                return "text after a closing quote (field " + fieldNumber + ")";
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
                lineEndsInQuotes++;
                if (!multiLine) {
                    multiLine = true;
                    multiLineField = fieldNumber;
                }
                if (!mayHoldLineBreak.test(fieldNumber)) {
                    return "field " + fieldNumber + " cannot hold a line break";
                }
            }
            if (!append((char) c)) {
                return tooLong(fieldNumber);
            }
        }
    }

    private String tooLong(int fieldNumber) {
        return "field " + fieldNumber + " is longer than " + maxFieldChars + " characters";
    }

    private boolean append(char c) {
        field.append(c);
        return field.length() <= maxFieldChars;
    }

    /** After a broken one-line record, resume reading at the start of the next physical line. */
    private void skipRestOfLine() throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                return;
            }
            if (c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                line++;
                return;
            }
        }
    }

    private void consumeLineEnd() throws IOException {
        int c = read();
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() throws IOException {
        if (replayPosition < replay.length) {
            return replay[replayPosition];
        }
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        char c;
        if (replayPosition < replay.length) {
            c = replay[replayPosition++];
        } else {
            if (position == limit && !fill()) {
                return EOF;
            }
            c = buffer[position++];
        }
        if (multiLine) {
            spilled.append(c);
        } else if (rawText.length() < RAW_TEXT_LIMIT && c != '\r' && c != '\n') {
            rawText.append(c);
        }
        return c;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        for (int i = 0; i < n; i++) {
            char c = buffer[i];
            if (c == '\r' || (c == '\n' && lastInputChar != '\r')) {
                inputLineEnds++;
            }
            lastInputChar = c;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
