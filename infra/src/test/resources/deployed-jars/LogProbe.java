/**
 * Run by DeployedJarsTest with a built Lambda jar as the only class path: logs through slf4j, as the
 * handlers do, at the levels whose fate the jar's log4j2.xml decides.
 * Arguments: the logger name of a handler.
 */
public class LogProbe {
    public static void main(String[] args) {
        org.slf4j.Logger handler = org.slf4j.LoggerFactory.getLogger(args[0]);
        handler.info("probe at info");
        handler.debug("probe at debug");
        org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk.request").info("library at info");
        org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk.request").warn("library at warn");
    }
}
