import Foundation

enum Fixtures {
    static func url(_ relative: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    static func lines(_ relative: String) -> [String] {
        let text = (try? String(contentsOf: url(relative), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }
}
