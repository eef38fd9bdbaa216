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

    private static List<CsvRecord> readAll(String text, int maxFieldChars) throws IOException {
        List<CsvRecord> records = new ArrayList<>();
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text), maxFieldChars)) {
            CsvRecord record;
            while ((record = reader.next()) != null) {
                records.add(record);
            }
        }
        return records;
    }

    @Test
    void skipsTheByteOrderMarkAndReadsCrlfLineEndings() throws IOException {
        // GIVEN a file saved by a Windows spreadsheet: BOM and CRLF
        String text = "\uFEFFaisle_id,aisle\r\n1,fresh fruits\r\n2,yogurt\r\n";
        // WHEN it is read
        List<CsvRecord> records = readAll(text, 100);
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
        CsvRecord record = readAll(text, 100).get(0);
        // THEN the name is one field, unquoted
        assertEquals(List.of("1", "Yogurt, Greek \"Plain\"", "2", "3"), record.fields());
    }

    @Test
    void numbersEachRecordByThePhysicalLineItStartsOnEvenAfterAMultiLineField() throws IOException {
        // GIVEN a quoted field that spans two lines, and a blank line
        String text = "h1,h2\n1,\"two\nlines\"\n\n3,x\n";
        // WHEN read
        List<CsvRecord> records = readAll(text, 100);
        // THEN line numbers are those an editor would show
        assertEquals(1, records.get(0).line());
        assertEquals(2, records.get(1).line());
        assertEquals("two\nlines", records.get(1).fields().get(1));
        assertEquals(5, records.get(2).line());
    }

    @Test
    void countsBlankLinesInsteadOfReturningEmptyRecords() throws IOException {
        // GIVEN blank lines between and after records
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader("a\n\n\nb\n\n"), 100)) {
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
        List<CsvRecord> records = readAll(text, 20);
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
        List<CsvRecord> records = readAll(text, 100);
        // THEN both are broken with the field named, and the third is read normally
        assertEquals("text after a closing quote (field 2)", records.get(0).problem());
        assertEquals("quote inside an unquoted field (field 2)", records.get(1).problem());
        assertEquals("1,\"abc\"def,2", records.get(0).rawText());
        assertEquals(List.of("3", "ok", "4"), records.get(2).fields());
    }

    @Test
    void reportsAQuoteThatIsNeverClosed() throws IOException {
        // GIVEN a quote opened on line 2 and never closed
        String text = "1,a\n2,\"never closed\n3,b\n";
        // WHEN read
        List<CsvRecord> records = readAll(text, 1000);
        // THEN the rest of the file is one broken record that names where the quote opened
        assertEquals(2, records.size());
        assertEquals("quoted field opened on line 2 is never closed", records.get(1).problem());
    }

    @Test
    void keepsEmptyFieldsAsEmptyStrings() throws IOException {
        // GIVEN a first order with empty days_since_prior_order, and a last line without newline
        List<CsvRecord> records = readAll("10,1,prior,1,2,8,\n11,1,prior,2,3,9,7.0", 100);
        // THEN the empty field is kept in its position and the unterminated last line is a record
        assertEquals("", records.get(0).fields().get(6));
        assertEquals(7, records.get(0).fields().size());
        assertEquals("7.0", records.get(1).fields().get(6));
        assertNull(records.get(1).problem());
    }
}
