package app.reseller.messaging;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** messaging-service's test set-up: the real PostgreSQL and Kafka, and the real provider sandbox behind a recording proxy. */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = MessagingTestSupport.DATABASE),
        @ResourceArg(name = "topics", value = MessagingTestSupport.TOPICS)})
@WithTestResource(value = MessagingTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessagingTest {
}
