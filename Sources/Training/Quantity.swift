import Foundation
import Search

/// A number with its unit, as stated in a policy fact or a reply: `30 days`, `$4.99`, `48 hours`.
struct Quantity: Sendable, Hashable, CustomStringConvertible {
    /// The unit family: `$`, `%`, `day`, `hour`, `minute`, `week`, `month`, `year`, `gb`, `mbps`, or `""`.
    var unit: String
    var value: Double
    /// The position of the number in the analysed text.
    var position: Int

    var description: String {
        let number = value == value.rounded() ? String(Int(value)) : String(value)
        switch unit {
        case "$": return "$" + number
        case "%": return number + "%"
        case "": return number
        default: return "\(number) \(unit)\(value == 1 ? "" : "s")"
        }
    }

    /// Unit words by stem (business days and working days are days).
    static let unitsByStem: [String: String] = [
        "day": "day", "hour": "hour", "hr": "hour", "minut": "minute", "min": "minute", "week": "week", "month": "month",
        "year": "year", "instal": "instalment", "instalment": "instalment", "installment": "instalment", "gb": "gb", "gigabyt": "gb", "mbps": "mbps", "percent": "%", "per": "%",
    ]
    /// Words that may sit between a number and its unit ("5 business days", "10 working days").
    static let unitQualifiers: Set<String> = [
        "busi", "business", "work", "working", "calendar", "full", "more", "further", "extra", "month", "monthly", "equal",
    ]

    /// The quantities in `text`.
    static func extract(from text: AnalysedText) -> [Quantity] {
        var result: [Quantity] = []
        for index in 0..<text.count {
            let slot = text.slots[index]
            guard let value = Double(slot[0].text) else { continue }
            if slot.contains(where: { $0.text.hasPrefix("$") }) {
                result.append(Quantity(unit: "$", value: value, position: index))
                continue
            }
            let after = slot[0].range.upperBound
            if after < text.text.endIndex, text.text[after] == "%" {
                result.append(Quantity(unit: "%", value: value, position: index))
                continue
            }
            var unit = ""
            var next = index + 1
            while next < text.count, next <= index + 3 {
                let word = text.primary(next)
                if let found = unitsByStem[word.stem] ?? unitsByStem[word.text] {
                    unit = found
                    break
                }
                guard unitQualifiers.contains(word.stem) || unitQualifiers.contains(word.text) else { break }
                next += 1
            }
            result.append(Quantity(unit: unit, value: value, position: index))
        }
        return result
    }

    /// The quantities of a short figure such as `30 days` or `$4.99`.
    static func parse(_ figure: String, analyzer: TextAnalyzer = TextAnalyzer()) -> [Quantity] {
        extract(from: AnalysedText(figure, analyzer: analyzer))
    }
}
