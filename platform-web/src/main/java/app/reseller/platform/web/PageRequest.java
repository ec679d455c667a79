package app.reseller.platform.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The one paging rule of every page-numbered list ({@code ?page=&size=}): a resource takes it as
 * {@code @Valid @BeanParam PageRequest paging}, so the bounds are checked (400 naming the parameter)
 * and documented in the OpenAPI document the same way everywhere. The page is bounded so that
 * {@link #offset()} can never overflow or reach a database as a negative OFFSET (page 2147483647
 * once did); deeper reading than {@value #MAX_PAGE} pages wants a filter, not a page number.
 */
public class PageRequest {

    public static final int MAX_PAGE = 10_000;
    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 50;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    @Max(MAX_PAGE)
    @Parameter(description = "The page, from 0 (at most " + MAX_PAGE + ")")
    int page;

    @QueryParam("size")
    @DefaultValue("" + DEFAULT_SIZE)
    @Min(1)
    @Max(MAX_SIZE)
    @Parameter(description = "Items per page, 1 to " + MAX_SIZE + " (default " + DEFAULT_SIZE + ")")
    int size;

    public PageRequest() {
        this(0, DEFAULT_SIZE);
    }

    public PageRequest(int page, int size) {
        this.page = page;
        this.size = size;
    }

    public int page() {
        return page;
    }

    public int size() {
        return size;
    }

    /** Rows to skip: computed in long, so no page and size a caller can send overflow it. */
    public long offset() {
        return (long) page * size;
    }
}
