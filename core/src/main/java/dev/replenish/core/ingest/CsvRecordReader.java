package dev.replenish.core.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time, keeping the physical line number where each record
 * starts so every reject can name its line.
 *
 * <p>Our own reader rather than a library's because ingestion must never stop on bad input: a
 * record with an unclosed quote, text after a closing quote or an over-long field comes back as a
 * broken {@link CsvRecord} and reading resumes at the next line, where general-purpose parsers
 * throw and lose their place. A UTF-8 byte-order mark is skipped; CRLF, LF and lone CR all end a
 * record outside quotes; quoted fields may hold commas, doubled quotes and line breaks. Lines that
 * are entirely empty are not records; {@link #blankLines()} counts them so the summary can say so.
 */
public final class CsvRecordReader implements Closeable {

    /** How much of a broken record's text is kept for the rejects table. */
    static final int RAW_TEXT_LIMIT = 1_000;

    private static final int EOF = -1;

    private final Reader in;
    private final int maxFieldChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private long blankLines;
    private boolean started;

    private final StringBuilder field = new StringBuilder();
    private final StringBuilder rawText = new StringBuilder();

    public CsvRecordReader(Reader in, int maxFieldChars) {
        this.in = in;
        this.maxFieldChars = maxFieldChars;
    }

    /** Lines that held nothing at all, skipped. */
    public long blankLines() {
        return blankLines;
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
        while (true) {
            String problem = readField(fields.size() + 1);
            if (problem != null) {
                skipRestOfLine();
                return new CsvRecord(startLine, List.of(), problem, rawText.toString());
            }
            fields.add(field.toString());
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
            return new CsvRecord(startLine, fields, null, null);
        }
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
        long quoteLine = line;
        read(); // opening quote
        while (true) {
            int c = read();
            if (c == EOF) {
                return "quoted field opened on line " + quoteLine + " is never closed";
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

    /** After a broken record, resume reading at the start of the next physical line. */
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
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        char c = buffer[position++];
        if (rawText.length() < RAW_TEXT_LIMIT && c != '\r' && c != '\n') {
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
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
