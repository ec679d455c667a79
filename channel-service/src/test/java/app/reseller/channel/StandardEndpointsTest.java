package app.reseller.channel;

import app.reseller.infra.StandardEndpointsContract;

@ChannelTest
class StandardEndpointsTest extends StandardEndpointsContract {

    StandardEndpointsTest() {
        super("Channel API", true);
    }
}
