import Basics

/// Made-up payment cards for credit-card tokens: numbers in the 4000 0000 0000 0000 test range that pass the Luhn
/// check, so form validators accept them, and that no issuer will ever authorise.
package enum CreditCards {
    /// `name_on_card`, `card_number`, `cvv`, `expiry_month`, `expiry_year` (the open-source server's credit-card
    /// model's names; the Console's are not documented). Expiry is two to four years after creation.
    package static func make(createdMicros: Int64) -> [String: String] {
        var digits = [4, 0, 0, 0] + (0..<11).map { _ in SecureRandom.int(in: 0...9) }
        digits.append(luhnCheckDigit(digits))
        let names = ["Alex Morgan", "Sam Taylor", "Jordan Lee", "Casey Quinn", "Robin Patel", "Jamie Chen"]
        let year = CivilTime(epochSeconds: Double(createdMicros) / 1_000_000).year + SecureRandom.int(in: 2...4)
        return [
            "name_on_card": names[SecureRandom.int(in: 0..<names.count)],
            "card_number": digits.map(String.init).joined(),
            "cvv": CivilTime.padded(SecureRandom.int(in: 0...999), 3),
            "expiry_month": CivilTime.padded(SecureRandom.int(in: 1...12), 2),
            "expiry_year": String(year),
        ]
    }

    /// The digit that makes `digits` plus it pass the Luhn check.
    package static func luhnCheckDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let doubled = offset % 2 == 0 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return (10 - sum % 10) % 10
    }
}
