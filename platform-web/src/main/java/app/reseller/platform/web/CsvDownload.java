package app.reseller.platform.web;

import io.smallrye.mutiny.Multi;
import org.jboss.resteasy.reactive.RestMulti;

import java.util.List;
import java.util.function.Function;

/**
 * A CSV file answered as a stream: the header row, then one line per row as the rows arrive (a
 * page at a time, {@link Pages}), named for the browser's download. Every export of the platform is
 * one of these, so they share the RFC 4180 rules of {@link Csv} and the safe file name.
 */
public final class CsvDownload {

    private CsvDownload() {
    }

    /** @param fields a row's fields, in the order of {@code columns} */
    public static <T> RestMulti<String> of(String fileName, List<String> columns, Multi<T> rows, Function<T, List<?>> fields) {
        Multi<String> lines = Multi.createBy().concatenating().streams(
                Multi.createFrom().item(Csv.line(columns)),
                rows.map(row -> Csv.line(fields.apply(row))));
        return RestMulti.fromMultiData(lines).header("Content-Disposition", Csv.attachment(fileName)).build();
    }
}
