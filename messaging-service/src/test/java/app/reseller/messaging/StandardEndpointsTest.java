package app.reseller.messaging;

import app.reseller.infra.StandardEndpointsContract;

@MessagingTest
class StandardEndpointsTest extends StandardEndpointsContract {

    StandardEndpointsTest() {
        super("Messaging API", true);
    }
}
