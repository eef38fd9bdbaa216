package dev.replenish.core.ingest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvRecordReaderTest {

    private static List<CsvRecord> readAll(String text, int maxFieldChars, int columns) throws IOException {
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text), maxFieldChars, columns)) {
            return remaining(reader);
        }
    }

    /** Every record the reader has left. */
    private static List<CsvRecord> remaining(CsvRecordReader reader) throws IOException {
        List<CsvRecord> records = new ArrayList<>();
        CsvRecord record;
        while ((record = reader.next()) != null) {
            records.add(record);
        }
        return records;
    }

    /** Each record as "line:field|field" or "line:!problem", for whole-file comparisons. */
    private static List<String> describe(List<CsvRecord> records) {
        return records.stream().map(r -> r.line() + ":" + (r.isBroken() ? "!" + r.problem() : String.join("|", r.fields())))
                .toList();
    }

    @Test
    void skipsTheByteOrderMarkAndReadsCrlfLineEndings() throws IOException {
        // GIVEN a file saved by a Windows spreadsheet: BOM and CRLF
        String text = "\uFEFFaisle_id,aisle\r\n1,fresh fruits\r\n2,yogurt\r\n";
        // WHEN it is read
        List<CsvRecord> records = readAll(text, 100, 2);
        // THEN the header's first field has no BOM and no field keeps a carriage return
        assertEquals(List.of("aisle_id", "aisle"), records.get(0).fields());
        assertEquals(List.of("1", "fresh fruits"), records.get(1).fields());
        assertEquals(List.of("2", "yogurt"), records.get(2).fields());
        assertEquals(3, records.size());
    }

    @Test
    void unquotesCommasAndDoubledQuotesInsideQuotedFields() throws IOException {
        // GIVEN product names with a comma and with embedded quotes, as Kaggle's products.csv has
        String text = "1,\"Yogurt, Greek \"\"Plain\"\"\",2,3\n";
        // WHEN read
        CsvRecord record = readAll(text, 100, 4).get(0);
        // THEN the name is one field, unquoted
        assertEquals(List.of("1", "Yogurt, Greek \"Plain\"", "2", "3"), record.fields());
    }

    @Test
    void numbersEachRecordByThePhysicalLineItStartsOnEvenAfterAMultiLineField() throws IOException {
        // GIVEN a quoted field that spans two lines, and a blank line
        String text = "h1,h2\n1,\"two\nlines\"\n\n3,x\n";
        // WHEN read
        List<CsvRecord> records = readAll(text, 100, 2);
        // THEN line numbers are those an editor would show
        assertEquals(1, records.get(0).line());
        assertEquals(2, records.get(1).line());
        assertEquals("two\nlines", records.get(1).fields().get(1));
        assertEquals(5, records.get(2).line());
    }

    @Test
    void countsBlankLinesInsteadOfReturningEmptyRecords() throws IOException {
        // GIVEN blank lines between and after records
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader("a\n\n\nb\n\n"), 100, 1)) {
            // WHEN all records are read
            List<String> values = new ArrayList<>();
            CsvRecord record;
            while ((record = reader.next()) != null) {
                values.add(record.fields().get(0));
            }
            // THEN only real records come back, and the blank lines are counted
            assertEquals(List.of("a", "b"), values);
            assertEquals(3, reader.blankLines());
        }
    }

    @Test
    void reportsAnOverLongFieldAsBrokenAndResumesAtTheNextLine() throws IOException {
        // GIVEN a record whose second field is longer than the limit, between two good records
        String text = "1,ok\n2," + "x".repeat(50) + "\n3,fine\n";
        // WHEN read with a 20-character limit
        List<CsvRecord> records = readAll(text, 20, 2);
        // THEN the long record is broken, says which field and the limit, and reading goes on
        assertEquals(3, records.size());
        assertTrue(records.get(1).isBroken());
        assertEquals("field 2 is longer than 20 characters", records.get(1).problem());
        assertEquals(2, records.get(1).line());
        assertEquals(List.of("3", "fine"), records.get(2).fields());
        assertEquals(3, records.get(2).line());
    }

    @Test
    void reportsTextAfterAClosingQuoteAndAStrayQuoteAsBroken() throws IOException {
        // GIVEN two malformed records
        String text = "1,\"abc\"def,2\n2,ab\"c,3\n3,ok,4\n";
        // WHEN read
        List<CsvRecord> records = readAll(text, 100, 3);
        // THEN both are broken with the field named, and the third is read normally
        assertEquals("text after a closing quote (field 2)", records.get(0).problem());
        assertEquals("quote inside an unquoted field (field 2)", records.get(1).problem());
        assertEquals("1,\"abc\"def,2", records.get(0).rawText());
        assertEquals(List.of("3", "ok", "4"), records.get(2).fields());
    }

    @Test
    void aQuoteNeverClosedCostsOnlyTheLineItOpensOn() throws IOException {
        // GIVEN a quote opened on line 2 and never closed before the end of the file
        String text = "1,a\n2,\"never closed\n3,b\n";
        // WHEN read
        List<CsvRecord> records = readAll(text, 1000, 2);
        // THEN line 2 is broken, naming the field and that the file ended inside the quotes, and line 3 is read as a record
        assertEquals(List.of("1:1|a",
                "2:!quote opened in field 2 runs past the line end into a broken record: the file ends inside the quotes",
                "3:3|b"), describe(records));
        assertEquals("2,\"never closed", records.get(1).rawText());
    }

    @Test
    void aQuoteNeverClosedOnTheLastLineWithoutALineEndIsBroken() throws IOException {
        // GIVEN a last line without a line end whose quote is never closed
        List<CsvRecord> records = readAll("1,a\n2,\"open", 1000, 2);
        // THEN it is broken, naming the field
        assertEquals(List.of("1:1|a", "2:!quote opened in field 2 is never closed"), describe(records));
    }

    @Test
    void anUnclosedQuoteThatRunsIntoTheFieldLimitCostsOneLineAndTheSwallowedLinesAreReadAgain() throws IOException {
        // GIVEN the case: a file with no quotes at all, and a stray quote at the start of line 3,
        // so the quoted field would swallow every later line until the field limit
        StringBuilder text = new StringBuilder("id,name\n1,a\n\"");
        for (int id = 2; id <= 40; id++) {
            text.append(id).append(",name").append(id).append('\n');
        }
        // WHEN read with a 100-character limit (the 38 lines after the quote hold far more)
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text.toString()), 100, 2)) {
            List<CsvRecord> records = remaining(reader);
            // THEN only line 3 is broken, with the rule, and every other line is a record with its own line number
            assertEquals("quote opened in field 1 runs past the line end into a broken record: field 1 is longer than 100 characters",
                    records.get(2).problem());
            assertEquals(3, records.get(2).line());
            assertEquals(41, records.size());
            assertEquals(List.of("3", "name3"), records.get(3).fields());
            assertEquals(4, records.get(3).line());
            assertEquals("41:40|name40", describe(records).get(40));
            // AND the counts account for all 41 lines
            assertEquals(41, reader.physicalLines());
            assertEquals(0, reader.continuationLines());
        }
    }

    @Test
    void aQuoteThatRunsPastItsLineInAFieldThatMayNotHoldALineBreakBreaksTheRecordAtOnce() throws IOException {
        // GIVEN a stray quote before an id (line 2) and a legal line break in a name (line 3), where only field 2 is text
        String text = "\"1,a\n2,\"b\nc\"\n3,d\n";
        // WHEN read
        List<CsvRecord> records;
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text), 1000, 2, field -> field == 2)) {
            records = remaining(reader);
        }
        // THEN the id's line alone is broken, without reading on, and the name keeps its line break
        assertEquals(List.of(
                "1:!quote opened in field 1 runs past the line end into a broken record: field 1 cannot hold a line break",
                "2:2|b\nc",
                "4:3|d"), describe(records));
    }

    @Test
    void aMultiLineRecordWithTheWrongColumnCountCostsTheLineItBeganOn() throws IOException {
        // GIVEN a quoted name that closes on the next line and leaves the record with too few columns
        // (its second line, read again, has a stray quote), and a stray quote that closes on a later line followed by text
        String text = "1,\"Two\nLines\",1\n2,ok,1,1\n3,\"x,1,1\n4,a\"b,1,1\n5,ok,1,1\n";
        // WHEN read as 4-column records
        List<CsvRecord> records = readAll(text, 1000, 4);
        // THEN each broken record costs its first line; the lines after it are records again
        assertEquals(List.of(
                "1:!quote opened in field 2 runs past the line end into a broken record: expected 4 columns, found 3",
                "2:!quote inside an unquoted field (field 1)",
                "3:2|ok|1|1",
                "4:!quote opened in field 2 runs past the line end into a broken record: text after a closing quote (field 2)",
                "5:!quote inside an unquoted field (field 2)",
                "6:5|ok|1|1"), describe(records));
    }

    @Test
    void aLegalMultiLineFieldIsOneRecordAndItsFurtherLinesAreCountedAsContinuation() throws IOException {
        // GIVEN a product name with two line breaks (one CRLF), then a normal record
        String text = "1,\"Three\r\nline\nname\",1,1\n2,Plain,1,1\n";
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text), 1000, 4)) {
            // WHEN read
            CsvRecord multi = reader.next();
            CsvRecord plain = reader.next();
            // THEN the name keeps its line breaks, the next record is on line 4, and 2 continuation lines are counted
            assertEquals(List.of("1", "Three\r\nline\nname", "1", "1"), multi.fields());
            assertEquals(4, plain.line());
            assertNull(reader.next());
            assertEquals(2, reader.continuationLines());
            assertEquals(4, reader.physicalLines());
        }
    }

    @Test
    void physicalLinesCountEveryKindOfLineEndAndALastLineWithoutOne() throws IOException {
        // GIVEN LF, CRLF, a lone CR, a blank line and a last line without a line end
        String text = "a,1\nb,2\r\nc,3\rd,4\n\ne,5";
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text), 100, 2)) {
            int records = 0;
            while (reader.next() != null) {
                records++;
            }
            // THEN 6 lines: 5 records and 1 blank
            assertEquals(6, reader.physicalLines());
            assertEquals(5, records);
            assertEquals(1, reader.blankLines());
        }
    }

    @Test
    void keepsEmptyFieldsAsEmptyStrings() throws IOException {
        // GIVEN a first order with empty days_since_prior_order, and a last line without newline
        List<CsvRecord> records = readAll("10,1,prior,1,2,8,\n11,1,prior,2,3,9,7.0", 100, 7);
        // THEN the empty field is kept in its position and the unterminated last line is a record
        assertEquals("", records.get(0).fields().get(6));
        assertEquals(7, records.get(0).fields().size());
        assertEquals("7.0", records.get(1).fields().get(6));
        assertNull(records.get(1).problem());
    }
}
