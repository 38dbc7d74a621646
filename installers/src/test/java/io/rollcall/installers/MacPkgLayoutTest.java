package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The macOS package layout pkgbuild is given: payload, launchd daemon, install scripts. */
class MacPkgLayoutTest {
    private final Path layout = Tools.existing(Tools.built().resolve("macos-pkg"));
    private final Path payload = layout.resolve("payload");

    @Test
    void payloadHoldsTheAgentAndTheDaemonWithTheRightModes() throws Exception {
        assertEquals("rw-r--r--", mode(payload.resolve("Library/Rollcall/Agent/lib/rollcall-agent.jar")));
        assertEquals("rwxr-xr-x", mode(payload.resolve("Library/Rollcall/Agent/bin/rollcall-agent")));
        assertEquals("rwxr-xr-x", mode(payload.resolve("Library/Rollcall/Agent/bin/rollcall-agent-service")));
        assertEquals("rwxr-xr-x", mode(payload.resolve("Library/Rollcall/Agent/bin/rollcall-agent-archives")));
        assertEquals("rw-r--r--", mode(payload.resolve("Library/LaunchDaemons/io.rollcall.agent.plist")));
        assertEquals("rwxr-xr-x", mode(layout.resolve("scripts/postinstall")));
        assertEquals("rwxr-xr-x", mode(layout.resolve("scripts/preinstall")));
        assertTrue(Files.readString(layout.resolve("BUILD.txt")).contains("pkgbuild --root payload --scripts scripts"));
        String tar = Tools.ok("tar", "-tzvf", Tools.built().resolve("macos-pkg.tar.gz").toString()).out();
        assertTrue(tar.contains("payload/Library/LaunchDaemons/io.rollcall.agent.plist"), tar);
        assertTrue(tar.lines().filter(l -> l.contains("payload/")).allMatch(l -> l.contains(" root/root ")), tar);
    }

    @Test
    void daemonPlistIsValidAndKeepsARootAgentAlive() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        var doc = f.newDocumentBuilder().parse(payload.resolve("Library/LaunchDaemons/io.rollcall.agent.plist").toFile());
        assertEquals("plist", doc.getDocumentElement().getTagName());
        assertEquals("plist", doc.getDoctype().getName());
        Map<String, Element> top = dict(first(doc.getDocumentElement(), "dict"));
        assertEquals("io.rollcall.agent", top.get("Label").getTextContent());
        assertEquals("true", top.get("KeepAlive").getTagName());
        assertEquals("true", top.get("RunAtLoad").getTagName());
        assertEquals("root", top.get("UserName").getTextContent());
        String program = first(top.get("ProgramArguments"), "string").getTextContent();
        assertTrue(Files.isExecutable(payload.resolve(program.substring(1))), program + " is in the payload");
        Map<String, Element> env = dict(top.get("EnvironmentVariables"));
        assertTrue(env.get("ROLLCALL_JAVA_OPTS").getTextContent().contains("-XX:+UseSerialGC"));
        // the resident service's own flags (issue 13); ROLLCALL_JAVA_OPTS goes to the worker JVMs it starts. Each
        // with the class-data archive postinstall dumps (MacPostinstallArchivesTest)
        assertEquals(System.getProperty("rollcall.resident.java.opts")
                + " -XX:SharedArchiveFile=/Library/Rollcall/Agent/cache/resident.jsa",
                env.get("ROLLCALL_RESIDENT_JAVA_OPTS").getTextContent());
        assertEquals(System.getProperty("rollcall.service.java.opts")
                + " -XX:SharedArchiveFile=/Library/Rollcall/Agent/cache/agent.jsa",
                env.get("ROLLCALL_JAVA_OPTS").getTextContent());
        assertEquals("/Library/Application Support/Rollcall/state", env.get("ROLLCALL_STATE").getTextContent());
    }

    @Test
    void scriptsEnrolOnceLoadTheDaemonAndPassShellcheck() throws Exception {
        Tools.require("shellcheck", "shellcheck");
        List<String> cmd = List.of("shellcheck", "-s", "sh", layout.resolve("scripts/postinstall").toString(),
                layout.resolve("scripts/preinstall").toString(),
                payload.resolve("Library/Rollcall/Agent/bin/rollcall-agent-archives").toString());
        Tools.run(cmd).requireSuccess(cmd);
        List<String> build = List.of("shellcheck", Tools.sources().resolve("build/pkg.sh").toString(),
                Tools.sources().resolve("build/msi.sh").toString(), Tools.sources().resolve("build/jlink.sh").toString(),
                Tools.sources().resolve("build/footprint-run.sh").toString());
        Tools.run(build).requireSuccess(build);
        String post = Files.readString(layout.resolve("scripts/postinstall"));
        assertTrue(post.contains("install -d -m 0700 -o root -g wheel \"$state\""), post);
        assertTrue(post.contains("chmod 0600 \"$config\""), post);
        assertTrue(post.indexOf("already enrolled") < post.indexOf("enroll --server"), post);
        assertTrue(post.contains("printf '%s\\n' \"$token\" | \"$agent\" enroll --server \"$url\" --token - "),
                "the token goes on stdin, never as an argument: " + post);
        assertTrue(post.contains("launchctl bootstrap system \"$plist\""), post);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Element first(Node parent, String tag) {
        NodeList n = ((Element) parent).getElementsByTagName(tag);
        return (Element) n.item(0);
    }

    /** A plist dict: each key element → the value element after it. */
    private static Map<String, Element> dict(Element dict) {
        Map<String, Element> m = new LinkedHashMap<>();
        String key = null;
        for (Node n = dict.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (e.getTagName().equals("key")) {
                    key = e.getTextContent();
                } else if (key != null) {
                    m.put(key, e);
                    key = null;
                }
            }
        }
        return m;
    }
}
