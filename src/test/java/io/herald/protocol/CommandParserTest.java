package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.StreamPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class CommandParserTest {
    private final CommandParser parser = new CommandParser();

    @Test
    void connectCarriesTokenNameAndVersion() {
        Command.Connect c = assertInstanceOf(Command.Connect.class,
                parser.parse("{\"id\":1,\"type\":\"connect\",\"token\":\"t\",\"name\":\"Ann\",\"version\":\"1\"}"));
        assertEquals(new Command.Connect(1, "t", "Ann", "1"), c);
        assertEquals(new Command.Connect(2, null, null, null), parser.parse("{\"id\":2,\"type\":\"connect\"}"));
    }

    @Test
    void subscribeWithAndWithoutSince() {
        assertEquals(new Command.Subscribe(3, "news", null), parser.parse("{\"id\":3,\"type\":\"subscribe\",\"channel\":\"news\"}"));
        assertEquals(new Command.Subscribe(4, "news", new StreamPosition(7, "e1")),
                parser.parse("{\"id\":4,\"type\":\"subscribe\",\"channel\":\"news\",\"since\":{\"offset\":7,\"epoch\":\"e1\"}}"));
    }

    @Test
    void publishKeepsDataAsCompactJsonText() {
        Command.Publish p = assertInstanceOf(Command.Publish.class,
                parser.parse("{\"id\":5,\"type\":\"publish\",\"channel\":\"c\",\"data\": { \"a\" : [1, \"x\", null, true] } }"));
        assertEquals("{\"a\":[1,\"x\",null,true]}", p.data().json());
        Command.Publish scalar = assertInstanceOf(Command.Publish.class,
                parser.parse("{\"id\":6,\"type\":\"publish\",\"channel\":\"c\",\"data\":\"s\\\"q\"}"));
        assertEquals("\"s\\\"q\"", scalar.data().json());
    }

    @Test
    void historyDefaultsItsLimit() {
        assertEquals(new Command.History(7, "c", 100, null), parser.parse("{\"id\":7,\"type\":\"history\",\"channel\":\"c\"}"));
        assertEquals(new Command.History(8, "c", 5, new StreamPosition(2, "e")),
                parser.parse("{\"id\":8,\"type\":\"history\",\"channel\":\"c\",\"limit\":5,\"since\":{\"offset\":2,\"epoch\":\"e\"}}"));
    }

    @Test
    void otherCommandsParse() {
        assertEquals(new Command.Unsubscribe(9, "c"), parser.parse("{\"id\":9,\"type\":\"unsubscribe\",\"channel\":\"c\"}"));
        assertEquals(new Command.Presence(10, "c"), parser.parse("{\"id\":10,\"type\":\"presence\",\"channel\":\"c\"}"));
        assertEquals(new Command.Ping(11), parser.parse("{\"id\":11,\"type\":\"ping\"}"));
        assertInstanceOf(Command.Pong.class, parser.parse("{\"type\":\"pong\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "nope", "{\"id\":", "\"just a string\"", "[1,2,3]", "42", "null",
            "{\"type\":\"ping\"} trailing"})
    void malformedInputIsABadRequestWithoutId(String text) {
        Command.Invalid c = assertInstanceOf(Command.Invalid.class, parser.parse(text));
        assertEquals(ErrorCode.BAD_REQUEST, c.code());
        assertEquals(0, c.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"ping\"}", "{\"id\":0,\"type\":\"ping\"}", "{\"id\":-1,\"type\":\"ping\"}",
            "{\"id\":1.5,\"type\":\"ping\"}", "{\"id\":\"1\",\"type\":\"ping\"}", "{\"id\":9007199254740993,\"type\":\"ping\"}",
            "{\"id\":1e400,\"type\":\"ping\"}"})
    void badIdsAreRefused(String text) {
        Command.Invalid c = assertInstanceOf(Command.Invalid.class, parser.parse(text));
        assertEquals(ErrorCode.BAD_REQUEST, c.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":3,\"type\":\"launch\"}",
            "{\"id\":3}",
            "{\"id\":3,\"type\":7}",
            "{\"id\":3,\"type\":\"subscribe\"}",
            "{\"id\":3,\"type\":\"subscribe\",\"channel\":\"\"}",
            "{\"id\":3,\"type\":\"subscribe\",\"channel\":[\"a\"]}",
            "{\"id\":3,\"type\":\"subscribe\",\"channel\":\"a\",\"since\":\"x\"}",
            "{\"id\":3,\"type\":\"subscribe\",\"channel\":\"a\",\"since\":{\"offset\":\"1\",\"epoch\":\"e\"}}",
            "{\"id\":3,\"type\":\"subscribe\",\"channel\":\"a\",\"since\":{\"offset\":1}}",
            "{\"id\":3,\"type\":\"subscribe\",\"channel\":\"a\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}}",
            "{\"id\":3,\"type\":\"publish\",\"channel\":\"a\"}",
            "{\"id\":3,\"type\":\"history\",\"channel\":\"a\",\"limit\":-2}",
            "{\"id\":3,\"type\":\"history\",\"channel\":\"a\",\"limit\":1e12}",
            "{\"id\":3,\"type\":\"connect\",\"token\":5}",
            "{\"id\":3,\"type\":\"connect\",\"name\":{}}"})
    void wrongFieldsAreBadRequestsThatEchoTheId(String text) {
        Command.Invalid c = assertInstanceOf(Command.Invalid.class, parser.parse(text));
        assertEquals(ErrorCode.BAD_REQUEST, c.code());
        assertEquals(3, c.id());
    }

    @Test
    void deeplyNestedJsonIsRefusedNotCrashing() {
        String deep = "{\"id\":1,\"type\":\"publish\",\"channel\":\"c\",\"data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertInstanceOf(Command.Invalid.class, parser.parse(deep));
        String justOverLimit = "{\"id\":1,\"type\":\"publish\",\"channel\":\"c\",\"data\":" + "[".repeat(CommandParser.MAX_DEPTH + 1)
                + "]".repeat(CommandParser.MAX_DEPTH + 1) + "}";
        assertInstanceOf(Command.Invalid.class, parser.parse(justOverLimit));
        String withinLimit = "{\"id\":1,\"type\":\"publish\",\"channel\":\"c\",\"data\":" + "[".repeat(10) + "]".repeat(10) + "}";
        assertInstanceOf(Command.Publish.class, parser.parse(withinLimit));
    }

    @Test
    void tooDeepDataIsRefusedWithTheCommandsIdAndTheLimit() {
        String deep = "{\"id\":7,\"type\":\"publish\",\"channel\":\"c\",\"data\":" + "[".repeat(100) + "]".repeat(100) + "}";
        Command.Invalid c = assertInstanceOf(Command.Invalid.class, parser.parse(deep));
        assertEquals(7, c.id());
        assertEquals(ErrorCode.BAD_REQUEST, c.code());
        assertEquals("JSON nested too deep (limit " + CommandParser.MAX_DEPTH + ")", c.message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":12,\"type\":\"ping\"                             | 12",
            "{\"type\":\"publish\",\"channel\":\"a,b\",\"id\":13,\"data\":[   | 13",
            "{ \"id\" : 14 } trailing                                  | 14",
            "{\"data\":[1],\"id\":15,                                    | 0",
            "{\"id\":1e3,\"type\":\"ping\"                             | 0",
            "{\"id\":99999999999999999,\"type\":\"ping\"               | 0",
            "{\"pad\":\"\\\"id\\\":16\",\"x\":                            | 0",
            "[{\"id\":17}                                              | 0"})
    void refusedJsonEchoesAnIdOnlyWhenItLeadsTheObject(String text, long id) {
        Command.Invalid c = assertInstanceOf(Command.Invalid.class, parser.parse(text.strip()));
        assertEquals(id, c.id(), text);
    }

    @Test
    void theIdScanIsBoundedWhateverTheMessage() {
        String longPrefix = "{\"pad\":\"" + "x".repeat(2_000) + "\",\"id\":5,\"data\":" + "[".repeat(100) + "]".repeat(100) + "}";
        Command.Invalid c = assertInstanceOf(Command.Invalid.class, parser.parse(longPrefix));
        assertEquals(0, c.id(), "an id past the scanned prefix is not looked for");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertInstanceOf(Command.Invalid.class, parser.parse("{\"id\":1,\"id\":2,\"type\":\"ping\"}"));
    }

    @Test
    void hugeNumbersInDataAreKeptVerbatimNotExpanded() {
        Command.Publish p = assertInstanceOf(Command.Publish.class,
                parser.parse("{\"id\":1,\"type\":\"publish\",\"channel\":\"c\",\"data\":1e999999}"));
        assertEquals(true, p.data().json().length() < 32, p.data().json());
        assertNull(null);
    }
}
