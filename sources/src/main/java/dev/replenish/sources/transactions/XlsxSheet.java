package dev.replenish.sources.transactions;

import dev.replenish.sources.SourceError;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import javax.xml.parsers.ParserConfigurationException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one sheet of an .xlsx workbook to a CSV file, through POI's streaming (SAX) reader: rows
 * pass through one at a time, so a sheet of any length needs no more heap than its widest row.
 * Date cells become ISO text ({@code 2011-12-09 12:50:00}, or {@code 2011-12-09} when the cell has
 * no time); other numbers are written as plain decimals, not as Excel displays them ("1.2E+05").
 */
final class XlsxSheet {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private XlsxSheet() {
    }

    /** Copies the sheet (its name, or the first sheet when null) to {@code csv}. */
    static void toCsv(Path xlsx, String sheetName, Path csv) {
        try (OPCPackage pkg = OPCPackage.open(xlsx.toFile(), PackageAccess.READ);
             Writer out = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), 1 << 16)) {
            XSSFReader reader = new XSSFReader(pkg);
            StylesTable styles = reader.getStylesTable();
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    names.add(sheets.getSheetName());
                    if (sheetName == null || sheetName.equals(sheets.getSheetName())) {
                        XMLReader parser = XMLHelper.newXMLReader();
                        parser.setContentHandler(new XSSFSheetXMLHandler(styles, strings, new CsvRows(out), new IsoDates(), false));
                        parser.parse(new InputSource(sheet));
                        return;
                    }
                }
            }
            throw new SourceError(xlsx + ": no sheet named '" + sheetName + "'; sheets: " + String.join(", ", names));
        } catch (UncheckedIOException e) {
            throw new SourceError("cannot write " + csv + ": " + e.getCause().getMessage(), e);
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            if (e instanceof SourceError sourceError) {
                throw sourceError;
            }
            throw new SourceError(xlsx + ": not a readable .xlsx workbook (" + e.getMessage() + ")", e);
        }
    }

    /** Formats a numeric cell: ISO text for a date format, a plain decimal otherwise. */
    private static final class IsoDates extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime time = DateUtil.getLocalDateTime(value);
                return value == Math.floor(value) ? time.format(DATE) : time.format(DATE_TIME);
            }
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    /** Writes each row as a CSV record, filling cells the sheet leaves out with empty fields. */
    private static final class CsvRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final Writer out;
        private final List<String> cells = new ArrayList<>();
        private int width = -1;

        CsvRows(Writer out) {
            this.out = out;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            int column = cellReference == null ? cells.size() : new CellReference(cellReference).getCol();
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(formattedValue == null ? "" : formattedValue);
        }

        @Override
        public void endRow(int rowNum) {
            if (width < 0) {
                width = cells.size();
            }
            if (cells.stream().allMatch(String::isEmpty)) {
                return;
            }
            try {
                for (int i = 0; i < Math.max(width, cells.size()); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(quoted(i < cells.size() ? cells.get(i) : ""));
                }
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String quoted(String value) {
            boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                    || value.indexOf('\r') >= 0;
            return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
        }
    }
}
