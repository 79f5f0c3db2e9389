import Foundation
import Testing

@testable import Progress

@Suite struct ProgressLocationTests {
    @Test func dataOptionWinsOverEnvironment() {
        let url = ProgressLocation.databaseURL(option: "/srv/p.sqlite", environment: ["FRONTLINE_DATA": "/other.sqlite"])
        #expect(url.path == "/srv/p.sqlite")
    }

    @Test func frontlineDataBeatsXDG() {
        let url = ProgressLocation.databaseURL(option: nil, environment: ["FRONTLINE_DATA": "/e.sqlite", "XDG_DATA_HOME": "/x"])
        #expect(url.path == "/e.sqlite")
    }

    @Test func xdgDataHomeThenHomeDefault() {
        #expect(
            ProgressLocation.databaseURL(option: nil, environment: ["XDG_DATA_HOME": "/x", "HOME": "/home/a"]).path
                == "/x/frontline/progress.sqlite")
        #expect(
            ProgressLocation.databaseURL(option: nil, environment: ["HOME": "/home/a"]).path
                == "/home/a/.local/share/frontline/progress.sqlite")
    }

    @Test func existingFolderMeansTheFileInside() {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(ProgressLocation.databaseURL(option: folder, environment: [:]).lastPathComponent == "progress.sqlite")
    }

    @Test func traineeDefaultsToLoginName() {
        #expect(ProgressLocation.trainee(option: nil, environment: ["USER": "sam"]) == "sam")
        #expect(ProgressLocation.trainee(option: " kim ", environment: ["USER": "sam"]) == "kim")
        #expect(ProgressLocation.trainee(option: nil, environment: [:]) == "trainee")
    }
}
