package org.interviewpanel.kernel;

/** The order of the guards that run before any endpoint: headers first (so rejections carry them too). */
public final class RouteOrder {

    public static final int SECURITY_HEADERS = Integer.MIN_VALUE;
    public static final int CANONICAL_PATH = Integer.MIN_VALUE + 1;
    public static final int BODY_LIMIT = Integer.MIN_VALUE + 2;
    public static final int WEBSOCKET_ORIGIN = Integer.MIN_VALUE + 3;

    private RouteOrder() {
    }
}
