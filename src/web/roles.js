// The roles as users read them.
export const ROLE_LABELS = {
  inspector: 'Thanh tra viên',
  trainer: 'Cán bộ đào tạo',
  legal: 'Cán bộ pháp chế',
  admin: 'Quản trị viên',
};
