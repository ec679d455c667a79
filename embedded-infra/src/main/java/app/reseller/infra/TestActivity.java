package app.reseller.infra;

import io.restassured.path.json.JsonPath;

import java.util.List;

/** A service's activity trail as its tests read it: the newest entry of an operation on a target, and how many there are. */
public final class TestActivity {

    private TestActivity() {
    }

    /** The newest entry of {@code action} on {@code target}, as an admin reads it ({@code before.x}, {@code after.y}, ...). */
    public static JsonPath newest(String action, String target) {
        String page = TestCallers.asAdmin().queryParam("action", action).queryParam("limit", 500).get("/activity").then().statusCode(200)
                .extract().asString();
        List<String> targets = new JsonPath(page).getList("items.target");
        int at = targets.indexOf(target);
        if (at < 0) {
            throw new AssertionError("no " + action + " entry on " + target + " among " + targets);
        }
        return new JsonPath(page).setRootPath("items[" + at + "]");
    }

    /** How many entries of {@code action} on {@code target} the service's database holds. */
    public static long entries(TestDatabase db, String action, String target) {
        return db.number("select count(*) from activity where action = '" + action.replace("'", "''") + "' and target = '"
                + target.replace("'", "''") + "'");
    }
}
