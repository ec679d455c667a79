package app.reseller.platform.web;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBeAndLinesEndWithCrlf() {
        assertEquals("a,1,,true\r\n", Csv.line(Arrays.asList("a", 1, null, true)));
        assertEquals("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n",
                Csv.line(List.of("a,b", "say \"hi\"", "two\nlines", "cr\rhere")));
        assertEquals("Café ☕,x\r\n", Csv.line(List.of("Café ☕", "x")), "UTF-8 text is kept as it is");
    }

    @Test
    void aFieldASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertEquals("'=1+1,'+cmd,'-2,'@SUM(A1),'\tx\r\n", Csv.line(List.of("=1+1", "+cmd", "-2", "@SUM(A1)", "\tx")));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\"),\"\"y\"\"\"\r\n", Csv.line(List.of("=HYPERLINK(\"http://x\"),\"y\"")));
        assertEquals("-2,3.5\r\n", Csv.line(List.of(-2, 3.5)), "numbers are numbers, not formulas");
    }
}
