package io.rollcall.collector.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of an OCS/FusionInventory XML document: its name, its own text (trimmed, {@code ""} when it has
 * none) and its child elements in document order. Attributes are not kept: neither agent uses them.
 */
public record XmlNode(String name, String text, List<XmlNode> children) {

    public XmlNode {
        children = List.copyOf(children);
    }

    /** The first child called {@code childName}, or an empty node of that name: absent and empty read the same. */
    public XmlNode child(String childName) {
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return new XmlNode(childName, "", List.of());
    }

    /** Every child called {@code childName}, in document order. */
    public List<XmlNode> all(String childName) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The text of the first child called {@code childName}, or null when it is absent or blank. */
    public String value(String childName) {
        String t = child(childName).text;
        return t.isEmpty() ? null : t;
    }

    /** The texts of every child called {@code childName} that has one (a group's MEMBER list). */
    public List<String> values(String childName) {
        List<String> out = new ArrayList<>();
        for (XmlNode c : all(childName)) {
            if (!c.text.isEmpty()) {
                out.add(c.text);
            }
        }
        return out;
    }
}
