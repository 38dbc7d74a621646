package io.rollcall.collector.interop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an OCS-NG / FusionInventory request body: zlib (what both agents send), gzip or plain XML, inflated within a
 * bound (a zip bomb stops at {@link #MAX_INFLATED_BYTES}, never in memory first), then parsed by StAX with DTDs and
 * external entities off and a document-type declaration refused outright, within depth, element-count and text
 * limits. Every refusal is an {@link OcsRefusal} naming the limit; nothing is stored before this returns. Pure: no I/O.
 */
public final class OcsXml {
    /** What the agents send compressed: a 5,000-package inventory is about 300 KB zlib-compressed. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** An inventory with processes and 5,000 packages inflates to about 2 MB; 16× that is a bomb, not a laptop. */
    public static final int MAX_INFLATED_BYTES = 32 * 1024 * 1024;
    /** REQUEST/CONTENT/OPERATINGSYSTEM/TIMEZONE/NAME is 5 deep; nothing either agent sends is deeper than 6. */
    public static final int MAX_DEPTH = 12;
    /** 887 packages make about 9,000 elements here; ten times a 2,000-package Windows laptop still fits. */
    public static final int MAX_ELEMENTS = 250_000;
    /** Longest text of one element (a COMMENTS or a command line). */
    public static final int MAX_TEXT_CHARS = 64 * 1024;

    private static final XMLInputFactory FACTORY = factory();

    private OcsXml() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Inflates {@code body} if it is zlib or gzip; plain XML passes through. */
    public static byte[] inflate(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw OcsRefusal.tooLarge("the body is " + body.length + " bytes, the limit is " + MAX_BODY_BYTES);
        }
        if (body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return bounded(in);
            } catch (IOException e) {
                throw OcsRefusal.hostile("the gzip body is corrupt: " + e.getMessage());
            }
        }
        if (body.length >= 2 && (body[0] & 0x0f) == 8 && ((body[0] & 0xff) << 8 | (body[1] & 0xff)) % 31 == 0) {
            return zlib(body);
        }
        return body;
    }

    private static byte[] zlib(byte[] body) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(MAX_INFLATED_BYTES, body.length * 8));
            byte[] buf = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw OcsRefusal.hostile("the zlib body ends before its stream does");
                }
                if (out.size() + n > MAX_INFLATED_BYTES) {
                    throw OcsRefusal.tooLarge("the body inflates to more than " + MAX_INFLATED_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw OcsRefusal.hostile("the zlib body is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static byte[] bounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_INFLATED_BYTES) {
                throw OcsRefusal.tooLarge("the body inflates to more than " + MAX_INFLATED_BYTES + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Parses an inflated body into its root element ({@code REQUEST}). */
    public static XmlNode parse(byte[] xml) {
        if (xml.length > MAX_INFLATED_BYTES) {
            throw OcsRefusal.tooLarge("the XML is " + xml.length + " bytes, the limit is " + MAX_INFLATED_BYTES);
        }
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            return read(r);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof OcsRefusal refusal) {
                throw refusal;
            }
            throw OcsRefusal.hostile("the body is not well-formed XML: " + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing was held open beyond the byte array
                }
            }
        }
    }

    private static XmlNode read(XMLStreamReader r) throws XMLStreamException {
        Deque<Building> open = new ArrayDeque<>();
        int elements = 0;
        XmlNode root = null;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw OcsRefusal.hostile(
                        "the body declares a document type (DOCTYPE); OCS inventories never do, and DTDs are refused");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw OcsRefusal.hostile(
                        "the body references the entity '" + r.getLocalName() + "'; entities are refused");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (root != null) {
                        throw OcsRefusal.hostile("the body has content after its root element");
                    }
                    if (++elements > MAX_ELEMENTS) {
                        throw OcsRefusal.tooLarge("the body has more than " + MAX_ELEMENTS + " elements");
                    }
                    if (open.size() >= MAX_DEPTH) {
                        throw OcsRefusal.hostile("the body nests elements deeper than " + MAX_DEPTH + " levels");
                    }
                    if (!open.isEmpty()) {
                        open.peek().text.setLength(0); // an element with children keeps no text (indentation)
                    }
                    open.push(new Building(r.getLocalName()));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    Building b = open.peek();
                    if (b != null && b.children.isEmpty()) {
                        if (b.text.length() + r.getTextLength() > MAX_TEXT_CHARS) {
                            throw OcsRefusal.tooLarge("the text of element " + b.name + " is longer than "
                                    + MAX_TEXT_CHARS + " characters");
                        }
                        b.text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Building b = open.pop();
                    XmlNode node = new XmlNode(b.name, b.text.toString().strip(), b.children);
                    if (open.isEmpty()) {
                        root = node;
                    } else {
                        open.peek().children.add(node);
                    }
                }
                default -> {
                    // comments, processing instructions and the XML declaration carry nothing we read
                }
            }
        }
        if (root == null) {
            throw OcsRefusal.hostile("the body has no root element");
        }
        return root;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        String line = s.strip().lines().reduce((a, b) -> b).orElse(s);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static final class Building {
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<XmlNode> children = new ArrayList<>();

        Building(String name) {
            this.name = name;
        }
    }
}
