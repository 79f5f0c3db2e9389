import Testing

@testable import Terminal

@Suite struct PagerTests {
    @Test func defaultPagerIsLessKeepingColours() {
        #expect(Pager(environment: [:]).command == "less -R")
    }

    @Test func pagerEnvironmentVariableIsRespectedAndEmptyTurnsPagingOff() {
        #expect(Pager(environment: ["PAGER": "more"]).command == "more")
        #expect(Pager(environment: ["PAGER": "  "]).command == nil)
    }

    @Test func lessOpensAtTheMatchingSectionOtherPagersFromTheTop() {
        #expect(Pager(environment: [:]).commandLine(startingAt: 40) == "less -R +40")
        #expect(Pager(environment: ["PAGER": "/usr/bin/less"]).commandLine(startingAt: 12) == "/usr/bin/less +12")
        #expect(Pager(environment: ["PAGER": "most"]).commandLine(startingAt: 40) == "most")
        #expect(Pager(environment: [:]).commandLine(startingAt: nil) == "less -R")
    }

    @Test func ourLessSaysHowToLeaveButTheUsersOwnSettingsWin() {
        let ours = Pager(environment: [:]).environment(from: ["HOME": "/home/kim"])
        #expect(ours["LESS"]?.hasPrefix("FRX -Ps") == true)
        #expect(ours["LESS"]?.contains("q returns to frontline") == true)
        #expect(ours["HOME"] == "/home/kim")
        #expect(Pager(environment: [:]).environment(from: ["LESS": "-i"])["LESS"] == "-i")
        #expect(Pager(environment: ["PAGER": "less"]).environment(from: [:])["LESS"] == "FRX")
    }

    @Test func onlyTextTallerThanTheScreenIsPaged() {
        #expect(!Pager.needsPaging(lineCount: 23, rows: 24))
        #expect(Pager.needsPaging(lineCount: 24, rows: 24))
    }
}
