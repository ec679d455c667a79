package app.reseller.channel;

import app.reseller.infra.PlatformInfraResource;
import app.reseller.infra.StandardEndpointsContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "database", value = "channel"))
class StandardEndpointsTest extends StandardEndpointsContract {

    StandardEndpointsTest() {
        super("Channel API", true);
    }
}
