package org.interviewpanel.kernel;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** How pages name things: "Strong yes", not STRONG_YES. */
@TemplateExtension
public final class Labels {

    private Labels() {
    }

    /** A value for a link's query string. */
    public static String url(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An enum constant as words: NO_HIRE → "No hire". */
    public static String label(Enum<?> value) {
        String words = value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
