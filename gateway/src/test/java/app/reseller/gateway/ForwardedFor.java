package app.reseller.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** What the client-address tests share: a small per-IP limit, and calls claiming other addresses. */
final class ForwardedFor {

    static final int BURST = 5;
    static final Map<String, String> SMALL_PER_IP_LIMIT = Map.of("gateway.rate-limit.burst", String.valueOf(BURST),
            "gateway.rate-limit.per-ip-per-minute", "6");

    private ForwardedFor() {
    }

    /** 20 calls to a public path, each claiming another address (or all the same one): the statuses answered. */
    static List<Integer> calls(boolean sameAddress) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String claimed = sameAddress ? "198.51.100.9" : "203.0.113." + (i + 1);
            statuses.add(given().header("X-Forwarded-For", claimed).get("/api/v1/plans").then().extract().statusCode());
        }
        return statuses;
    }
}
