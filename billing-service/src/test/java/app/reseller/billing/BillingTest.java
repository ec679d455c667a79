package app.reseller.billing;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Billing's test set-up: the real PostgreSQL (database "billing") and Kafka with its topics. */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = BillingTestSupport.DATABASE),
        @ResourceArg(name = "topics", value = BillingTestSupport.TOPICS)})
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BillingTest {
}
