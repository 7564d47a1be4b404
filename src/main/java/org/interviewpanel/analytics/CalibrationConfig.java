package org.interviewpanel.analytics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * When an interviewer counts as qualified for a category, and how drift is tested. Defaults and their sources are in
 * {@code docs/analytics-statistics.md}.
 */
@ConfigMapping(prefix = "panel.calibration")
public interface CalibrationConfig {

    /** Comparisons (exercise answers plus shadow-seat ratings) needed before qualification is decided. */
    @WithDefault("12")
    int minComparisons();

    /** Interval alpha against the reference needed: Krippendorff's lowest acceptable level for tentative conclusions. */
    @WithDefault("0.667")
    double alphaThreshold();

    Drift drift();

    interface Drift {
        /** The window compared with the interviewer's history and with the pool when the report names none. */
        @WithDefault("P28D")
        Duration window();

        /** Fewest leniency comparisons in each sample for a test to be run. */
        @WithDefault("5")
        int minValues();

        /** The family-wise false-alarm rate of one drift report (Holm-corrected over all its tests). */
        @WithDefault("0.05")
        double familyAlpha();
    }
}
