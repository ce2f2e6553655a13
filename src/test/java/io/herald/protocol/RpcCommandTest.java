package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.Payload;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RpcCommandTest {
    private final CommandParser parser = new CommandParser();

    @Test
    void rpcCarriesItsMethodAndOptionalData() {
        assertEquals(new Command.Rpc(3, "profile.get", Payload.json("{\"id\":7}")),
                parser.parse("{\"id\":3,\"type\":\"rpc\",\"method\":\"profile.get\",\"data\":{\"id\":7}}"));
        assertNull(((Command.Rpc) parser.parse("{\"id\":4,\"type\":\"rpc\",\"method\":\"ping\"}")).data());
    }

    @Test
    void rpcWithoutAMethodOrWithAnOverlongOneIsABadRequest() {
        assertEquals(new Command.Invalid(5, ErrorCode.BAD_REQUEST, "method is required"),
                parser.parse("{\"id\":5,\"type\":\"rpc\"}"));
        assertEquals(new Command.Invalid(6, ErrorCode.BAD_REQUEST, "method must be a string"),
                parser.parse("{\"id\":6,\"type\":\"rpc\",\"method\":1}"));
        assertEquals(ErrorCode.BAD_REQUEST,
                ((Command.Invalid) parser.parse("{\"id\":7,\"type\":\"rpc\",\"method\":\"" + "m".repeat(129) + "\"}")).code());
    }
}
