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
        "year": "year",
        // A plan's length is said in months or in (monthly) instalments or payments: one unit.
        "instal": "month", "instalment": "month", "installment": "month", "payment": "month", "gb": "gb", "gigabyt": "gb", "mbps": "mbps",
        "percent": "%", "per": "%",
    ]
    /// Words that may sit between a number and its unit ("5 business days", "10 working days").
    static let unitQualifiers: Set<String> = [
        "busi", "business", "work", "working", "calendar", "full", "more", "further", "extra", "month", "monthly", "equal",
    ]

    /// The quantities in `text`: figures with their units, and prices said the way people say them
    /// ("nine ninety-nine" is $9.99).
    ///
    /// - Parameter spoken: the text's ``spokenPrices(in:)``, when the caller has them already.
    static func extract(from text: AnalysedText, spoken: [Quantity]? = nil) -> [Quantity] {
        var result = spoken ?? spokenPrices(in: text)
        let spokenPositions = Set(result.map(\.position))
        for index in 0..<text.count where !spokenPositions.contains(index) {
            let slot = text.slots[index]
            guard let value = Double(slot[0].text) else { continue }
            if isMoney(at: index, in: text) {
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

    /// Whether the number at `position` is a sum of money: with a currency sign, with cents ("9.99"),
    /// followed by "dollars" or "bucks", or said in words ("nine ninety-nine", from
    /// ``AnalysedText/spokenAmounts``).
    static func isMoney(at position: Int, in text: AnalysedText) -> Bool {
        let slot = text.slots[position]
        if slot.contains(where: { $0.text.hasPrefix("$") }) || text.spokenAmounts.contains(position) { return true }
        let raw = text.text[slot[0].range]
        if raw.contains("."), raw.split(separator: ".").last?.count == 2, Double(slot[0].text) != nil { return true }
        return position + 1 < text.count && ["dollar", "buck"].contains(text.primary(position + 1).stem)
    }

    /// Dollars in words, then cents in tens: compiled once.
    static let spokenPricePattern = try? NSRegularExpression(
        pattern:
            #"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four|five|six|seven|eight|nine))?\b"#
    )

    /// Prices said in words: "nine ninety-nine", "twelve fifty" (a number of dollars, then cents in tens).
    static func spokenPrices(in text: AnalysedText) -> [Quantity] {
        let small = [
            "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
            "nineteen": 19,
        ]
        let tens = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]
        var result: [Quantity] = []
        let lower = text.text.lowercased()
        // Every tens word ends in "ty": without one there is no spoken price to look for.
        guard lower.contains("ty"), let pattern = spokenPricePattern else { return [] }
        let range = NSRange(lower.startIndex..., in: lower)
        for match in pattern.matches(in: lower, range: range) {
            func word(_ group: Int) -> String? {
                guard let found = Range(match.range(at: group), in: lower) else { return nil }
                return String(lower[found])
            }
            guard let dollars = word(1).flatMap({ small[$0] }), let ten = word(2).flatMap({ tens[$0] }),
                let start = Range(match.range, in: lower)?.lowerBound
            else { continue }
            let cents = ten + (word(3).flatMap { small[$0] } ?? 0)
            let offset = lower.distance(from: lower.startIndex, to: start)
            let position = text.slots.indices.first {
                text.text.distance(from: text.text.startIndex, to: text.slots[$0][0].range.upperBound) > offset
            }
            guard let position else { continue }
            result.append(Quantity(unit: "$", value: Double(dollars) + Double(cents) / 100, position: position))
        }
        return result
    }

    /// The quantities of a short figure such as `30 days` or `$4.99`.
    static func parse(_ figure: String, analyzer: TextAnalyzer = TextAnalyzer()) -> [Quantity] {
        extract(from: AnalysedText(figure, analyzer: analyzer))
    }
}
