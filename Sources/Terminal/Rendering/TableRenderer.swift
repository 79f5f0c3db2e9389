import KnowledgeBase

/// Lays out a Markdown table: aligned columns that fit the width, cells wrapped inside them.
struct TableRenderer {
    let renderer: MarkdownRenderer

    private var theme: Theme { renderer.theme }

    /// A cell's inline content and its widths.
    private struct Cell {
        var segments: [[StyledSpan]]
        /// The widest line when not wrapped.
        var naturalWidth: Int
        /// The widest word.
        var longestWord: Int
    }

    func render(_ table: MarkdownNode, alignments: [MarkdownNode.Alignment], width: Int) -> [StyledLine] {
        var rows: [(cells: [Cell], isHeader: Bool)] = []
        for row in table.children {
            guard case .tableRow(let isHeader) = row.kind else { continue }
            let style: TextStyle = isHeader ? .heading : []
            let cells = row.children.map { cellNode -> Cell in
                let segments = renderer.inline(cellNode.children, style: style)
                let natural = segments.map { segment in segment.reduce(0) { $0 + $1.width } }.max() ?? 0
                let longest =
                    segments.flatMap { segment in
                        segment.map(\.text).joined().split(separator: " ").map { DisplayWidth.of($0) }
                    }.max() ?? 0
                return Cell(segments: segments, naturalWidth: natural, longestWord: longest)
            }
            rows.append((cells, isHeader))
        }
        let columnCount = max(alignments.count, rows.map(\.cells.count).max() ?? 0)
        guard columnCount > 0, !rows.isEmpty else { return [] }
        let empty = Cell(segments: [[]], naturalWidth: 0, longestWord: 0)
        for index in rows.indices where rows[index].cells.count < columnCount {
            rows[index].cells += Array(repeating: empty, count: columnCount - rows[index].cells.count)
        }
        let available = width - (3 * columnCount + 1)
        guard available >= 3 * columnCount else { return stacked(rows: rows, width: width) }
        let widths = columnWidths(rows: rows.map(\.cells), columnCount: columnCount, available: available)
        let aligned = (0..<columnCount).map { $0 < alignments.count ? alignments[$0] : .none }

        var wrappedRows: [(lines: [[StyledLine]], isHeader: Bool)] = []
        for row in rows {
            let lines = row.cells.enumerated().map { column, cell in
                TextWrapper.wrap(cell.segments, width: widths[column]).map { $0.trimmingTrailingSpaces() }
            }
            wrappedRows.append((lines, row.isHeader))
        }
        let bodyWraps = wrappedRows.contains { !$0.isHeader && $0.lines.contains { $0.count > 1 } }

        let borders = theme.tableBorders
        var output: [StyledLine] = [rule(borders.top, widths: widths)]
        for (index, row) in wrappedRows.enumerated() {
            if index > 0 {
                let previousIsHeader = wrappedRows[index - 1].isHeader
                if previousIsHeader || bodyWraps { output.append(rule(borders.middle, widths: widths)) }
            }
            let height = row.lines.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                var line = StyledLine([StyledSpan(trusted: borders.vertical, style: .decoration)])
                for column in 0..<columnCount {
                    let cellLines = row.lines[column]
                    let content = lineIndex < cellLines.count ? cellLines[lineIndex] : StyledLine()
                    line.append(StyledSpan(trusted: " ", style: []))
                    line.append(contentsOf: align(content, width: widths[column], alignment: aligned[column]))
                    line.append(StyledSpan(trusted: " ", style: []))
                    line.append(StyledSpan(trusted: borders.vertical, style: .decoration))
                }
                output.append(line)
            }
        }
        output.append(rule(borders.bottom, widths: widths))
        return output
    }

    /// Column widths: natural widths when they fit, else the widest columns shrink first, never below
    /// their longest word while that is possible.
    private func columnWidths(rows: [[Cell]], columnCount: Int, available: Int) -> [Int] {
        var widths = (0..<columnCount).map { column in max(1, rows.map { $0[column].naturalWidth }.max() ?? 1) }
        guard widths.reduce(0, +) > available else { return widths }
        let longestWords = (0..<columnCount).map { column in rows.map { $0[column].longestWord }.max() ?? 1 }
        var floors = zip(widths, longestWords).map { min($0, max(1, $1)) }
        if floors.reduce(0, +) > available {
            // Even the longest words do not fit: allow cutting words, keeping each column usable.
            let share = max(3, available / columnCount)
            floors = widths.map { min($0, share) }
        }
        var total = widths.reduce(0, +)
        while total > available {
            guard let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) else {
                break
            }
            widths[widest] -= 1
            total -= 1
        }
        return widths
    }

    private func rule(_ pieces: (left: String, join: String, right: String), widths: [Int]) -> StyledLine {
        let horizontal = theme.tableBorders.horizontal
        let text = pieces.left + widths.map { String(repeating: horizontal, count: $0 + 2) }.joined(separator: pieces.join) + pieces.right
        return StyledLine([StyledSpan(trusted: text, style: .decoration)])
    }

    private func align(_ line: StyledLine, width: Int, alignment: MarkdownNode.Alignment) -> StyledLine {
        let missing = max(0, width - line.width)
        let left: Int
        switch alignment {
        case .right: left = missing
        case .center: left = missing / 2
        case .left, .none: left = 0
        }
        var aligned = StyledLine()
        if left > 0 { aligned.append(StyledSpan(trusted: String(repeating: " ", count: left), style: [])) }
        aligned.append(contentsOf: line)
        return aligned.padded(to: width)
    }

    /// For terminals too narrow for columns: each body row as `Header: value` lines.
    private func stacked(rows: [(cells: [Cell], isHeader: Bool)], width: Int) -> [StyledLine] {
        let headers = rows.first(where: \.isHeader)?.cells.map { $0.segments.flatMap { $0 }.map(\.text).joined() } ?? []
        var output: [StyledLine] = []
        for row in rows where !row.isHeader {
            if !output.isEmpty { output.append(StyledLine()) }
            for (column, cell) in row.cells.enumerated() {
                var segments = cell.segments
                let label = column < headers.count && !headers[column].isEmpty ? headers[column] + ":" : ""
                if !label.isEmpty { segments[0].insert(StyledSpan(label + " ", style: .heading), at: 0) }
                output += TextWrapper.wrap(segments, width: width)
            }
        }
        return output
    }
}
