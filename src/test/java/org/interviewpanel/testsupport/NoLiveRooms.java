package org.interviewpanel.testsupport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The app as the analytics tier runs it: no live rooms ({@code panel.live.enabled=false}); every other role on. */
public class NoLiveRooms implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("panel.live.enabled", "false");
    }
}
