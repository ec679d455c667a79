package app.reseller.platform.web;

import java.util.List;

/**
 * Rows of an export as RFC 4180 text: fields separated by commas, lines ended by CRLF, a field with a
 * comma, a quote or a line break enclosed in quotes (a quote doubled). A field that a spreadsheet
 * would take for a formula (it starts with {@code = + - @}, a tab or a carriage return) is prefixed
 * with an apostrophe (OWASP's advice against CSV injection): a channel's name is typed by a
 * customer, and the operator opens the file in a spreadsheet. Written UTF-8 by the caller.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
    private static final String CRLF = "\r\n";

    private Csv() {
    }

    /** The Content-Disposition of a download: the name kept to letters, digits, '.', '_' and '-' (an id typed by someone stays a name). */
    public static String attachment(String fileName) {
        return "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
    }

    /** One line, CRLF included; null fields are empty. */
    public static String line(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append(CRLF).toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!(value instanceof Number) && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
