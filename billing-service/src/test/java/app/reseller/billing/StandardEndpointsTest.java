package app.reseller.billing;

import app.reseller.infra.StandardEndpointsContract;

@BillingTest
class StandardEndpointsTest extends StandardEndpointsContract {

    StandardEndpointsTest() {
        super("Billing API", true);
    }
}
