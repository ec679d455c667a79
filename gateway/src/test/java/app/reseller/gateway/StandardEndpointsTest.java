package app.reseller.gateway;

import app.reseller.infra.StandardEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway keeps nothing durable: no database or broker to start for it. */
@QuarkusTest
class StandardEndpointsTest extends StandardEndpointsContract {

    StandardEndpointsTest() {
        super("Reseller platform API", false);
    }
}
