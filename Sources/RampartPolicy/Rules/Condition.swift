import Foundation
public import RampartCore

/// A fact a rule can require (`when`) or exclude (`unless`).
public enum Condition: Sendable, Hashable, CustomStringConvertible {
    /// The principal's clearance reaches the resource's classification (a resource without one needs none).
    case clearanceCoversResource
    /// The resource belongs to the principal's tenant (or to no tenant).
    case sameTenant
    /// The caller proved a second factor.
    case multiFactor
    /// The principal's region is one of these.
    case principalRegion(Set<String>)
    /// The resource's region is one of these.
    case resourceRegion(Set<String>)
    /// The request falls in this weekly window (UTC).
    case timeWindow(TimeWindow)
    /// The resource's workload is among those granted to the principal.
    case workloadGranted
    /// The resource is inside the credential's own scope (an API key's workloads and models).
    case withinCredentialScope
    /// The principal's break-glass window is open.
    case breakGlassActive
    /// Break-glass access in full: the principal holds the `break-glass` role, its window is open, and the caller
    /// proved MFA.
    case breakGlassInEffect
    /// The principal's department is one of these.
    case department(Set<String>)
    /// The caller authenticated by one of these methods.
    case authenticatedBy(Set<AuthenticationFacts.Method>)
    /// The resource is classified at least this high.
    case classificationAtLeast(DataClassification)
    /// A response measure suspends the caller's principal or credential.
    case suspended
    /// A response measure quarantines the resource's workload.
    case workloadQuarantined
    /// A response measure requires the caller to prove a second factor.
    case multiFactorRequiredByResponse

    /// Whether the condition holds.
    func holds(_ principal: Principal, _ resource: Resource, _ facts: RequestFacts) -> Bool {
        switch self {
        case .clearanceCoversResource:
            return resource.classification.map { principal.attributes.clearance >= $0 } ?? true
        case .sameTenant:
            return resource.tenant.map { $0 == principal.tenant } ?? true
        case .multiFactor:
            return facts.authentication.multiFactor
        case .principalRegion(let regions):
            return principal.attributes.region.map(regions.contains) ?? false
        case .resourceRegion(let regions):
            return resource.region.map(regions.contains) ?? false
        case .timeWindow(let window):
            return window.contains(facts.now)
        case .workloadGranted:
            return resource.workload.map(principal.attributes.workloads.contains) ?? false
        case .withinCredentialScope:
            return facts.authentication.scope.map { $0.contains(resource) } ?? true
        case .breakGlassActive:
            return principal.attributes.breakGlassUntil.map { facts.now < $0 } ?? false
        case .breakGlassInEffect:
            return principal.roles.contains("break-glass") && facts.authentication.multiFactor
                && (principal.attributes.breakGlassUntil.map { facts.now < $0 } ?? false)
        case .department(let departments):
            return principal.attributes.department.map(departments.contains) ?? false
        case .authenticatedBy(let methods):
            return methods.contains(facts.authentication.method)
        case .classificationAtLeast(let level):
            return resource.classification.map { $0 >= level } ?? false
        case .suspended:
            return !facts.containment.suspendedBy.isEmpty
        case .workloadQuarantined:
            return resource.workload.map(facts.containment.quarantinedWorkloads.contains) ?? false
        case .multiFactorRequiredByResponse:
            return facts.containment.multiFactorRequired
        }
    }

    public var description: String {
        switch self {
        case .clearanceCoversResource: "clearance_covers_resource"
        case .sameTenant: "same_tenant"
        case .multiFactor: "mfa"
        case .principalRegion(let r): "principal_region in \(r.sorted())"
        case .resourceRegion(let r): "resource_region in \(r.sorted())"
        case .timeWindow(let w): "time_window \(w)"
        case .workloadGranted: "workload_granted"
        case .withinCredentialScope: "within_credential_scope"
        case .breakGlassActive: "break_glass_active"
        case .breakGlassInEffect: "break_glass_in_effect"
        case .department(let d): "department in \(d.sorted())"
        case .authenticatedBy(let m): "authenticated_by \(m.map(\.rawValue).sorted())"
        case .classificationAtLeast(let c): "classification_at_least \(c)"
        case .suspended: "suspended"
        case .workloadQuarantined: "workload_quarantined"
        case .multiFactorRequiredByResponse: "mfa_required_by_response"
        }
    }
}

/// A weekly window in UTC: some weekdays, from one minute of the day to another (`to` may wrap past midnight).
public struct TimeWindow: Sendable, Hashable, CustomStringConvertible {
    /// ISO weekdays, 1 = Monday ... 7 = Sunday; empty means every day.
    public var weekdays: Set<Int>
    public var fromMinute: Int
    public var toMinute: Int

    public init(weekdays: Set<Int> = [], fromMinute: Int, toMinute: Int) {
        self.weekdays = weekdays
        self.fromMinute = fromMinute
        self.toMinute = toMinute
    }

    func contains(_ date: Date) -> Bool {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds.floorDivided(by: 86_400)
        let minute = (seconds - days * 86_400) / 60
        // 1970-01-01 was a Thursday (ISO weekday 4).
        let weekday = (days + 3).modulo(7) + 1
        if !weekdays.isEmpty, !weekdays.contains(weekday) { return false }
        return fromMinute <= toMinute ? (fromMinute..<toMinute).contains(minute) : minute >= fromMinute || minute < toMinute
    }

    public var description: String {
        func hhmm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        return "\(weekdays.isEmpty ? "daily" : weekdays.sorted().map(String.init).joined(separator: ",")) \(hhmm(fromMinute))-\(hhmm(toMinute)) UTC"
    }
}

extension Int {
    func floorDivided(by divisor: Int) -> Int { (self - (self % divisor + divisor) % divisor) / divisor }
    func modulo(_ divisor: Int) -> Int { (self % divisor + divisor) % divisor }
}
