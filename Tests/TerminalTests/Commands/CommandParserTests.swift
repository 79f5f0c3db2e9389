import Testing

@testable import Terminal

@Suite struct CommandParserTests {
    let parser = CommandParser(table: .standard)

    @Test func plainWordsAreASearch() {
        #expect(parser.parse("refund status") == .search("refund status"))
        #expect(parser.parse("  where is my parcel  ") == .search("where is my parcel"))
    }

    @Test func aNumberAloneOpensThatResult() {
        #expect(parser.parse("3") == .openResult(3))
        #expect(parser.parse(" 12 ") == .openResult(12))
    }

    @Test func numbersWithWordsOrTooLongAreSearches() {
        #expect(parser.parse("5g modem") == .search("5g modem"))
        #expect(parser.parse("1048823991") == .search("1048823991"))
    }

    @Test func commandsRunWithTheirArguments() {
        #expect(parser.parse("open refunds") == .command(name: "open", input: CommandInput(text: "refunds")))
        #expect(parser.parse("OPEN 2") == .command(name: "open", input: CommandInput(text: "2")))
        #expect(parser.parse("help open") == .command(name: "help", input: CommandInput(text: "open")))
        #expect(parser.parse("more") == .command(name: "more", input: CommandInput(text: "")))
    }

    @Test func aliasesNameTheirCommand() {
        #expect(parser.parse("exit") == .command(name: "quit", input: CommandInput(text: "")))
        #expect(parser.parse("show refunds") == .command(name: "open", input: CommandInput(text: "refunds")))
    }

    @Test func commandsWithoutArgumentsFollowedByWordsAreSearches() {
        #expect(parser.parse("back pay") == .search("back pay"))
        #expect(parser.parse("more data") == .search("more data"))
        #expect(parser.parse("related charges") == .search("related charges"))
    }

    @Test func blankLinesAreEmpty() {
        #expect(parser.parse("   \t ") == .empty)
    }

    @Test func inputSplitsArgumentsAtWhiteSpace() {
        let input = CommandInput(text: "a  b\tc")
        #expect(input.arguments == ["a", "b", "c"])
    }
}
