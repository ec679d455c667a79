package app.reseller.gateway;

import app.reseller.infra.StandardEndpointsContract;

@GatewayTest
class StandardEndpointsTest extends StandardEndpointsContract {

    StandardEndpointsTest() {
        super("Reseller platform API", false);
    }
}
