package org.interviewpanel.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.NoLiveRooms;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An instance that serves no live rooms ({@code panel.live.enabled=false}, the analytics tier as deployed) reads no
 * events for rooms and refuses room sockets with "try again later", where one that served them would take the socket
 * and never send it a change.
 */
@QuarkusTest
@TestProfile(NoLiveRooms.class)
class NoLiveRoomsTest {

    @Test
    void roomSocketsAreRefusedAndNoLiveConsumerJoinsAGroup() throws Exception {
        LiveSocketTest.Scheduled s = LiveSocketTest.schedule(1);
        try (LiveClient bob = LiveClient.panel(LiveSocketTest.port(), s.id(), token("bob"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> bob.closeCode() != null);
            assertThat(bob.closeCode()).isEqualTo(1013);
            assertThat(bob.frames()).isEmpty();
        }
        String cookie = given().redirects().follow(false).get("/join/" + s.token()).getCookie("panel_candidate");
        try (LiveClient candidate = LiveClient.candidate(LiveSocketTest.port(), cookie)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> candidate.closeCode() != null);
            assertThat(candidate.closeCode()).isEqualTo(1013);
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain("live-consumer");
        // This instance's live group (an instance's own id in its name) never joined: nothing read the topic for rooms.
        String group = ConfigProvider.getConfig().getValue("panel.live-consumer.group.id", String.class);
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        try (Admin kafka = Admin.create(admin)) {
            assertThat(kafka.listGroups().all().get().stream().map(GroupListing::groupId)).doesNotContain(group);
        }
    }
}
