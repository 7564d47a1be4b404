package org.interviewpanel.testsupport;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Registers {@link PanelStack} for the whole test run: every @QuarkusTest shares one stack and one application. */
@WithTestResource(value = PanelStack.class, scope = TestResourceScope.GLOBAL)
public final class UsesPanelStack {

    private UsesPanelStack() {
    }
}
